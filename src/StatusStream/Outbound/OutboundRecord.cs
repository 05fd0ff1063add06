using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>The Kafka record of any outbound item, by its kind: what callback topics, the retry topic and the dead-letter topic start from.</summary>
internal static class OutboundRecord
{
    public static Message<byte[], byte[]> Build(OutboundStatus outbound) =>
        outbound.Kind == OutboundKind.InboundMessage ? InboundMessageRecord.Build(outbound) : StatusRecord.Build(outbound);

    /// <summary>Adds <see cref="InboundMessageHeaders.Kind"/> on StatusStream's own topics when the item is not a status.</summary>
    public static void WriteKind(Headers headers, OutboundStatus outbound)
    {
        if (outbound.Kind == OutboundKind.InboundMessage)
        {
            headers.Add(InboundMessageHeaders.Kind, System.Text.Encoding.UTF8.GetBytes(InboundMessageHeaders.InboundMessageKind));
        }
    }
}
