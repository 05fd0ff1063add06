using System.Text;
using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>
/// The Kafka record of a forwarded text message: key = its id, value = GOV.UK Notify's JSON, headers message-id,
/// content-type (<see cref="InboundMessageHeaders.ContentType"/>), subscription-id for a subscription's copy, and
/// traceparent. Nothing personal in the headers.
/// </summary>
internal static class InboundMessageRecord
{
    private static readonly Header ContentTypeHeader = new(StatusHeaders.ContentType, Encoding.UTF8.GetBytes(InboundMessageHeaders.ContentType));

    public static Message<byte[], byte[]> Build(OutboundStatus outbound)
    {
        var id = Encoding.UTF8.GetBytes(outbound.ItemId);
        var headers = new Headers { { InboundMessageHeaders.MessageId, id } };
        headers.Add(ContentTypeHeader);
        if (outbound.Callback.Subscription is { } subscription)
        {
            headers.Add(StatusHeaders.SubscriptionId, Encoding.UTF8.GetBytes(subscription.ToString("D")));
        }

        TraceHeaders.Write(headers, outbound);

        return new Message<byte[], byte[]> { Key = id, Value = outbound.Payload, Headers = headers };
    }
}
