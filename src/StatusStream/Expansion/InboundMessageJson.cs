using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using StatusStream.Intake;

namespace StatusStream.Expansion;

/// <summary>
/// The forwarded form of a received text message: GOV.UK Notify's "text messages you receive" callback exactly,
/// <c>{"id":"…","source_number":"…","destination_number":"…","message":"…","date_received":"2017-05-14T12:15:30.000000Z"}</c>
/// in that order, the id in lower case, the date in UTC with six fraction digits. One body for every transport: the
/// Kafka callback record's value, the webhook request's body, and what the retry and dead-letter topics keep.
/// </summary>
/// <remarks>
/// An inbound message has exactly one output, so there is nothing to fan out; this is the expansion step's
/// counterpart of <see cref="NotificationStatusJson"/>. Written once per message (rare next to statuses), so a plain
/// buffer per call rather than NotificationStatusJson's per-thread writer.
/// </remarks>
internal static class InboundMessageJson
{
    /// <summary>GOV.UK Notify's date format: <c>2017-05-14T12:15:30.000000Z</c>.</summary>
    public const string DateFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    // As for statuses: message texts in any language stay readable; JSON's own escapes still apply.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream(192 + message.Message.Length);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, message.Id.ToString("D"));
            json.WriteString("source_number"u8, message.SourceNumber);
            json.WriteString("destination_number"u8, message.DestinationNumber);
            json.WriteString("message"u8, message.Message);
            json.WriteString("date_received"u8, message.DateReceived.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
