namespace StatusStream.Intake;

/// <summary>
/// One notification's outcome as a producer service publishes it (schemas/notification-event.schema.json):
/// one event, one or more recipients (no recipient twice), each with its own delivery result.
/// </summary>
/// <param name="Reference">The sender's own reference for the notification (input <c>reference</c>), when given.</param>
/// <param name="NotificationType">email, sms or letter (input <c>notification_type</c>), when given.</param>
/// <param name="CreatedAt">When the sender asked for the notification (input <c>created_at</c>), when given.</param>
internal sealed record NotificationEvent(
    Guid EventId,
    string Provider,
    IReadOnlyList<RecipientOutcome> Recipients,
    StatusCallback Callback,
    EventSource? Source,
    DateTimeOffset? OccurredAt,
    string? Reference = null,
    string? NotificationType = null,
    DateTimeOffset? CreatedAt = null);
