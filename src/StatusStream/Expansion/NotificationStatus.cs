using StatusStream.Records;

namespace StatusStream.Expansion;

/// <summary>
/// City OS's NotificationStatus exactly (schemas/notification-status.schema.json): one per recipient,
/// all statuses of one notification share <see cref="EventId"/>.
/// </summary>
internal sealed record NotificationStatus(Guid EventId, Guid Recipient, bool Success, string Error, string Provider)
{
    /// <summary>Stable across redeliveries, so receivers can deduplicate: "&lt;event_id&gt;:&lt;recipient&gt;".</summary>
    public string StatusId => $"{EventId:D}:{Recipient:D}";

    /// <summary>The optional fields the webhook formats use; not part of the status's JSON.</summary>
    public StatusDetails Details { get; init; } = StatusDetails.None;
}
