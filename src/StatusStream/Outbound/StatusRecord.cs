using System.Text;
using Confluent.Kafka;

namespace StatusStream.Outbound;

/// <summary>The Kafka record of a status: key = event_id (so one notification's statuses share a partition), JSON value, headers.</summary>
/// <remarks>
/// Built once per status on the consume thread, so the uuids are formatted straight into the byte arrays the client
/// copies (no intermediate strings), and the constant content-type header is one shared, immutable instance.
/// </remarks>
internal static class StatusRecord
{
    private const int UuidLength = 36;
    private static readonly Header ContentTypeHeader = new(StatusHeaders.ContentType, Encoding.UTF8.GetBytes(StatusHeaders.JsonContentType));

    public static Message<byte[], byte[]> Build(OutboundStatus outbound)
    {
        var status = outbound.Status ?? throw new ArgumentException("not a status: use OutboundRecord.Build", nameof(outbound));
        var key = Uuid(status.EventId);
        var recipient = Uuid(status.Recipient);
        var statusId = new byte[(2 * UuidLength) + 1]; // "<event_id>:<recipient>", as NotificationStatus.StatusId
        key.CopyTo(statusId, 0);
        statusId[UuidLength] = (byte)':';
        recipient.CopyTo(statusId, UuidLength + 1);
        var headers = new Headers
        {
            { StatusHeaders.Recipient, recipient },
            { StatusHeaders.StatusId, statusId },
        };
        headers.Add(ContentTypeHeader);
        if (outbound.Callback.Subscription is { } subscription)
        {
            headers.Add(StatusHeaders.SubscriptionId, Encoding.UTF8.GetBytes(subscription.ToString("D")));
        }

        if (outbound.TraceParent is not null)
        {
            headers.Add(StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(outbound.TraceParent));
        }

        return new Message<byte[], byte[]> { Key = key, Value = outbound.Payload, Headers = headers };
    }

    private static byte[] Uuid(Guid value)
    {
        var bytes = new byte[UuidLength];
        if (!value.TryFormat(bytes, out var written, "D") || written != UuidLength)
        {
            throw new InvalidOperationException("a uuid formats as 36 characters");
        }

        return bytes;
    }
}
