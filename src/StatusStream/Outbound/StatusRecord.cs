using System.Text;
using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>The Kafka record of a status: key = event_id (so one notification's statuses share a partition), JSON value, headers.</summary>
/// <remarks>
/// A new record each time: for the callback records that carry more than the fixed headers (a subscription id, a trace
/// context), for the retry and dead-letter topics, and as the reference <see cref="ReusableStatusRecord"/> must equal.
/// The uuids are formatted straight into the byte arrays the client copies (no intermediate strings), and the constant
/// content-type header is one shared, immutable instance.
/// </remarks>
internal static class StatusRecord
{
    public const int UuidLength = 36;

    /// <summary>"&lt;event_id&gt;:&lt;recipient&gt;", as <see cref="Expansion.NotificationStatus.StatusId"/>.</summary>
    public const int StatusIdLength = (2 * UuidLength) + 1;

    /// <summary>
    /// What every status record has besides its value and trace context: the key, and the recipient, status-id and
    /// content-type headers (names and values). Intake counts it against Intake:MaxOutputBytesPerEvent.
    /// </summary>
    public static readonly int KeyAndFixedHeaderBytes = UuidLength
        + StatusHeaders.Recipient.Length + UuidLength
        + StatusHeaders.StatusId.Length + StatusIdLength
        + StatusHeaders.ContentType.Length + StatusHeaders.JsonContentType.Length;

    /// <summary>Immutable, so one instance serves every record.</summary>
    public static readonly Header ContentTypeHeader = new(StatusHeaders.ContentType, Encoding.UTF8.GetBytes(StatusHeaders.JsonContentType));

    public static Message<byte[], byte[]> Build(OutboundStatus outbound)
    {
        var status = outbound.Status ?? throw new ArgumentException("not a status: use OutboundRecord.Build", nameof(outbound));
        var key = new byte[UuidLength];
        WriteUuid(status.EventId, key);
        var recipient = new byte[UuidLength];
        WriteUuid(status.Recipient, recipient);
        var statusId = new byte[StatusIdLength];
        WriteStatusId(key, recipient, statusId);
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

        TraceHeaders.Write(headers, outbound);

        return new Message<byte[], byte[]> { Key = key, Value = outbound.Payload, Headers = headers };
    }

    /// <summary>Writes <paramref name="value"/> as its 36 ASCII characters (format "D") into <paramref name="destination"/>.</summary>
    public static void WriteUuid(Guid value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out var written, "D") || written != UuidLength)
        {
            throw new InvalidOperationException("a uuid formats as 36 characters");
        }
    }

    public static void WriteStatusId(ReadOnlySpan<byte> eventId, ReadOnlySpan<byte> recipient, Span<byte> destination)
    {
        eventId.CopyTo(destination);
        destination[UuidLength] = (byte)':';
        recipient.CopyTo(destination[(UuidLength + 1)..]);
    }
}
