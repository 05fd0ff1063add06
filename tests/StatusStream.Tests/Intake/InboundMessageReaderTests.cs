using System.Text;
using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Tests.Intake;

public sealed class InboundMessageReaderTests
{
    private const string SourceNumber = "447700912345";
    private const string DestinationNumber = "07700987654";
    private const string Text = "Hello Notify!";

    [Fact]
    public void TryRead_GovUkNotifyExample_EveryField()
    {
        var ok = InboundMessageReader.TryRead(Encoding.UTF8.GetBytes(Document()), out var message, out var invalid);

        Assert.True(ok, invalid?.Detail);
        Assert.NotNull(message);
        Assert.Equal(Guid.Parse("bfb50d92-100d-4b8b-b559-14fa3b091cda"), message.Id);
        Assert.Equal(SourceNumber, message.SourceNumber);
        Assert.Equal(DestinationNumber, message.DestinationNumber);
        Assert.Equal(Text, message.Message);
        Assert.Equal(new DateTimeOffset(2017, 5, 14, 12, 15, 30, TimeSpan.Zero), message.DateReceived);
        Assert.Equal(new StatusCallback(CallbackType.Kafka, "city.parking-callback"), message.Callback);
        Assert.Equal(new EventSource("city", "parking"), message.Source);
    }

    [Theory]
    [InlineData("\"source_number\":\"447700912345\"", "\"source_number\":\"447700912345447700912345447700912345447700912345447700912345447700912345\"", "source_number: longer than 64")]
    [InlineData("\"destination_number\":\"07700987654\"", "\"destination_number\":7700987654", "destination_number: expected a string")]
    [InlineData("\"message\":\"Hello Notify!\"", "\"message\":[\"Hello Notify!\"]", "message: expected a string")]
    public void TryRead_PersonalFieldWrong_DetailNamesTheFieldNeverItsValue(string field, string replacement, string expected)
    {
        var ok = InboundMessageReader.TryRead(Encoding.UTF8.GetBytes(Document().Replace(field, replacement, StringComparison.Ordinal)), out _, out var invalid);

        Assert.False(ok);
        Assert.NotNull(invalid);
        Assert.StartsWith(expected, invalid.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("4477009", invalid.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("0770098", invalid.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Notify!", invalid.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverPrintsNumbersOrText()
    {
        Assert.True(InboundMessageReader.TryRead(Encoding.UTF8.GetBytes(Document()), out var message, out _));
        Assert.NotNull(message);

        var text = message.ToString();

        Assert.DoesNotContain(SourceNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DestinationNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Text, text, StringComparison.Ordinal);
        Assert.Contains("bfb50d92-100d-4b8b-b559-14fa3b091cda", text, StringComparison.Ordinal);
    }

    private static string Document() =>
        $$$"""{"id":"bfb50d92-100d-4b8b-b559-14fa3b091cda","source_number":"{{{SourceNumber}}}","destination_number":"{{{DestinationNumber}}}","message":"{{{Text}}}","date_received":"2017-05-14T12:15:30.000000Z","callback":{"type":"kafka","target":"city.parking-callback"},"source":{"namespace":"city","service":"parking"}}""";
}
