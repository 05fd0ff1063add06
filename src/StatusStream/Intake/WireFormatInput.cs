using StatusStream.Serialization;

namespace StatusStream.Intake;

/// <summary>
/// Input records in Confluent's JSON Schema wire format (registered only with Serialization:SchemaRegistry:Url): the
/// 5-byte header is skipped and the JSON after it is read like any other input. A record that does not start with
/// the magic byte is taken as plain JSON, so producers can move to the wire format one at a time.
/// </summary>
/// <remarks>
/// The schema id is not checked against the registry. The reader validates every event against
/// schemas/notification-event.schema.json anyway, more strictly than a registry-described schema could, so a lookup
/// would add no safety; it would add a network dependency to intake, where a registry outage would then stall or
/// dead-letter valid events. A dead letter of such a record keeps its original bytes, header included.
/// </remarks>
internal sealed class WireFormatInput
{
    public ReadOnlySpan<byte> JsonOf(byte[] value)
    {
        ConfluentWireFormat.TryRead(value, out _, out var json);
        return json;
    }
}
