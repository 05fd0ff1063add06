using System.Text;
using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Tests.Expansion;

public sealed class InboundMessageJsonTests
{
    private static readonly StatusCallback Callback = new(CallbackType.Kafka, "city.parking-callback");

    [Fact]
    public void Serialize_GovUkNotifyExample_ExactlyItsFormat()
    {
        var message = new InboundMessage(Guid.Parse("BFB50D92-100D-4B8B-B559-14FA3B091CDA"), "447700912345", "07700987654", "Hello Notify!",
            new DateTimeOffset(2017, 5, 14, 12, 15, 30, TimeSpan.Zero), Callback, null);

        Assert.Equal(
            """{"id":"bfb50d92-100d-4b8b-b559-14fa3b091cda","source_number":"447700912345","destination_number":"07700987654","message":"Hello Notify!","date_received":"2017-05-14T12:15:30.000000Z"}""",
            Encoding.UTF8.GetString(InboundMessageJson.Serialize(message)));
    }

    [Fact]
    public void Serialize_OffsetAndSubMicrosecondTime_UtcWithSixFractionDigits()
    {
        var received = new DateTimeOffset(2017, 5, 14, 13, 15, 30, TimeSpan.FromHours(1)).AddTicks(1234567);
        var message = new InboundMessage(Guid.NewGuid(), "1", "2", "Grüße \"x\"\n", received, Callback, null);

        var json = Encoding.UTF8.GetString(InboundMessageJson.Serialize(message));

        Assert.Contains("\"date_received\":\"2017-05-14T12:15:30.123456Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"Grüße \\\"x\\\"\\n\"", json, StringComparison.Ordinal);
    }
}
