using System.Text;
using Confluent.Kafka;

namespace StatusStream.Outbound;

/// <summary>The Kafka record of a status: key = event_id (so one notification's statuses share a partition), JSON value, headers.</summary>
internal static class StatusRecord
{
    private static readonly byte[] JsonContentType = Encoding.UTF8.GetBytes(StatusHeaders.JsonContentType);

    public static Message<byte[], byte[]> Build(OutboundStatus outbound)
    {
        var headers = new Headers
        {
            { StatusHeaders.Recipient, Encoding.UTF8.GetBytes(outbound.Status.Recipient.ToString("D")) },
            { StatusHeaders.StatusId, Encoding.UTF8.GetBytes(outbound.Status.StatusId) },
            { StatusHeaders.ContentType, JsonContentType },
        };
        if (outbound.Callback.Subscription is { } subscription)
        {
            headers.Add(StatusHeaders.SubscriptionId, Encoding.UTF8.GetBytes(subscription.ToString("D")));
        }

        if (outbound.TraceParent is not null)
        {
            headers.Add(StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(outbound.TraceParent));
        }

        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(outbound.Status.EventId.ToString("D")),
            Value = outbound.Payload,
            Headers = headers,
        };
    }
}
