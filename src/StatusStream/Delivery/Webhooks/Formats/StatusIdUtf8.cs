using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// <see cref="NotificationStatus.StatusId"/> ("&lt;event_id&gt;:&lt;recipient&gt;", lower-case uuids) as UTF-8
/// into a caller's buffer: the formats use it on every render, and a string per render would be garbage.
/// </summary>
internal static class StatusIdUtf8
{
    private const int UuidLength = 36;

    public const int Length = UuidLength + 1 + UuidLength;

    public static void Write(NotificationStatus status, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length, nameof(destination));
        status.EventId.TryFormat(destination, out _, "D");
        destination[UuidLength] = (byte)':';
        status.Recipient.TryFormat(destination[(UuidLength + 1)..], out _, "D");
    }
}
