using StatusStream.Intake;

namespace StatusStream.Expansion;

/// <summary>
/// Fans a notification out into one <see cref="NotificationStatus"/> per recipient (seed 000: "a NotificationStatus
/// record per recipient having a common event_id").
/// </summary>
/// <remarks>
/// A pure function of its input: the same event always gives the same statuses in the same order (the recipients'
/// order), which is what makes redelivery after a crash safe; receivers deduplicate on event_id + recipient.
/// </remarks>
internal static class StatusExpander
{
    public static NotificationStatus[] Expand(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var recipients = notification.Recipients;
        var statuses = new NotificationStatus[recipients.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            var outcome = recipients[i];
            statuses[i] = new NotificationStatus(notification.EventId, outcome.Recipient, outcome.Success, outcome.Error, notification.Provider);
        }

        return statuses;
    }
}
