using System.Text;

namespace StatusStream.Tests.Support;

/// <summary>Received text messages as an SMS provider publishes them (schemas/inbound-message.schema.json), with the GOV.UK Notify body each must arrive as.</summary>
public static class SampleInboundMessages
{
    /// <summary>Personal data the tests search logs and headers for: they must only ever appear in record values and request bodies.</summary>
    public const string SourceNumber = "447700912345";
    public const string DestinationNumber = "07700987654";
    public const string Text = "Hello Notify! Meet at 9, bring the blue folder";

    public sealed record Sample(Guid Id, byte[] Json, string ExpectedBody);

    /// <summary>Fails when <paramref name="text"/> (logs, headers, tags) holds either number or any part of the text.</summary>
    public static void AssertNoPersonalData(string text, string where)
    {
        Assert.False(text.Contains(SourceNumber, StringComparison.Ordinal), $"{where} hold the source number");
        Assert.False(text.Contains(DestinationNumber, StringComparison.Ordinal), $"{where} hold the destination number");
        Assert.False(text.Contains("Hello Notify", StringComparison.Ordinal) || text.Contains("blue folder", StringComparison.Ordinal), $"{where} hold the message text");
    }

    /// <param name="service">The owning service in the callback topic's namespace (the message's <c>source</c>); none when null.</param>
    public static Sample Kafka(string callbackTopic, Guid? id = null, string? service = null) => Create("kafka", callbackTopic, id, service);

    public static Sample Webhook(string url, Guid? id = null) => Create("webhook", url, id, null);

    private static Sample Create(string type, string target, Guid? id, string? service)
    {
        var source = service is null ? "" : $$$""","source":{"namespace":"{{{target[..target.IndexOf('.', StringComparison.Ordinal)]}}}","service":"{{{service}}}"}""";
        var messageId = id ?? Guid.NewGuid();
        // Received at 12:15:30.25 in UTC+01:00: forwarded in UTC with six fraction digits, as GOV.UK Notify shows its dates.
        var json = $$$"""{"id":"{{{messageId.ToString("D").ToUpperInvariant()}}}","source_number":"{{{SourceNumber}}}","destination_number":"{{{DestinationNumber}}}","message":"{{{Text}}}","date_received":"2017-05-14T13:15:30.25+01:00","callback":{"type":"{{{type}}}","target":"{{{target}}}"}{{{source}}},"provider":"sms-gateway"}""";
        var expected = $$$"""{"id":"{{{messageId:D}}}","source_number":"{{{SourceNumber}}}","destination_number":"{{{DestinationNumber}}}","message":"{{{Text}}}","date_received":"2017-05-14T12:15:30.250000Z"}""";
        return new Sample(messageId, Encoding.UTF8.GetBytes(json), expected);
    }
}
