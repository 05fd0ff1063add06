using StatusStream.Intake;

namespace StatusStream.Expansion;

/// <summary>
/// Fans a notification out into one <see cref="NotificationStatus"/> per recipient (City OS status callbacks: "a NotificationStatus
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
        var statuses = new NotificationStatus[notification.Recipients.Count];
        Expand(notification, statuses);
        return statuses;
    }

    /// <summary>
    /// Writes the statuses into <paramref name="statuses"/>, exactly as long as the event's recipients: for a caller
    /// that needs them only while it hands them on (the record processor, with a pooled array).
    /// </summary>
    public static void Expand(NotificationEvent notification, Span<NotificationStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var recipients = notification.Recipients;
        if (statuses.Length != recipients.Count)
        {
            throw new ArgumentException($"room for {statuses.Length} statuses, but the event has {recipients.Count} recipients", nameof(statuses));
        }

        // One details object for every recipient that adds nothing of its own: the event's, the shared None when it has none.
        var eventDetails = notification.Details;
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
    }
}
