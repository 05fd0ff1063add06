using StatusStream.Intake;

namespace StatusStream.Expansion;

/// <summary>
/// Fans a notification out into one <see cref="NotificationStatus"/> per recipient (seed 000: "a NotificationStatus
/// record per recipient having a common event_id"), each with the <see cref="StatusDetails"/> the input gave.
/// </summary>
/// <remarks>
/// A pure function of its input: the same event always gives the same statuses in the same order (the recipients'
/// order), which is what makes redelivery after a crash safe; receivers deduplicate on event_id + recipient, which
/// intake guarantees to be unique within an event.
/// </remarks>
internal static class StatusExpander
{
    public static NotificationStatus[] Expand(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var recipients = notification.Recipients;
        var statuses = new NotificationStatus[recipients.Count];

        // One details object for every recipient that adds nothing of its own; the shared None when the event has none.
        var eventDetails = EventDetails(notification);
        for (var i = 0; i < statuses.Length; i++)
        {
            var outcome = recipients[i];
            statuses[i] = new NotificationStatus(notification.EventId, outcome.Recipient, outcome.Success, outcome.Error, notification.Provider)
            {
                Details = outcome.Receipt is not { } receipt
                    ? eventDetails
                    : eventDetails with { Address = receipt.Address, DeliveryState = receipt.DeliveryState, SentAt = receipt.SentAt },
            };
        }

        return statuses;
    }

    private static StatusDetails EventDetails(NotificationEvent notification) =>
        notification is { Reference: null, NotificationType: null, CreatedAt: null, OccurredAt: null, Source: null }
            ? StatusDetails.None
            : new StatusDetails(
                Reference: notification.Reference,
                NotificationType: notification.NotificationType,
                CreatedAt: notification.CreatedAt,
                OccurredAt: notification.OccurredAt,
                Source: notification.Source);
}
