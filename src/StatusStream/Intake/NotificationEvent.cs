namespace StatusStream.Intake;

/// <summary>
/// One notification's outcome as a producer service publishes it (schemas/notification-event.schema.json):
/// one event, one or more recipients, each with its own delivery result.
/// </summary>
internal sealed record NotificationEvent(
    Guid EventId,
    string Provider,
    IReadOnlyList<RecipientOutcome> Recipients,
    StatusCallback Callback,
    EventSource? Source,
    DateTimeOffset? OccurredAt);
