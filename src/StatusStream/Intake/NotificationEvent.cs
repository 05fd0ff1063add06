using StatusStream.Records;


namespace StatusStream.Intake;

/// <summary>
/// One notification's outcome as a producer service publishes it (schemas/notification-event.schema.json):
/// one event, one or more recipients (no recipient twice), each with its own delivery result.
/// </summary>
/// <remarks>
/// The optional fields live in one <see cref="StatusDetails"/> (<see cref="StatusDetails.None"/> when the input gave
/// none), the object every status of the event carries: reading them builds it once, and an event without them costs
/// five fields less.
/// </remarks>
internal sealed record NotificationEvent
{
    /// <param name="Source">The service that sent the notification (input <c>source</c>), when given.</param>
    /// <param name="OccurredAt">When the outcome was known (input <c>occurred_at</c>), when given.</param>
    /// <param name="Reference">The sender's own reference for the notification (input <c>reference</c>), when given.</param>
    /// <param name="NotificationType">email, sms or letter (input <c>notification_type</c>), when given.</param>
    /// <param name="CreatedAt">When the sender asked for the notification (input <c>created_at</c>), when given.</param>
    // Parameters named as the properties they set, as a positional record's are, so callers name them alike.
    public NotificationEvent(
        Guid EventId,
        string Provider,
        IReadOnlyList<RecipientOutcome> Recipients,
        StatusCallback Callback,
        EventSource? Source,
        DateTimeOffset? OccurredAt,
        string? Reference = null,
        string? NotificationType = null,
        DateTimeOffset? CreatedAt = null)
    {
        this.EventId = EventId;
        this.Provider = Provider;
        this.Recipients = Recipients;
        this.Callback = Callback;
        Details = Source is null && OccurredAt is null && Reference is null && NotificationType is null && CreatedAt is null
            ? StatusDetails.None
            : new StatusDetails(Reference: Reference, NotificationType: NotificationType, CreatedAt: CreatedAt, OccurredAt: OccurredAt, Source: Source);
    }

    public Guid EventId { get; init; }

    public string Provider { get; init; }

    public IReadOnlyList<RecipientOutcome> Recipients { get; init; }

    public StatusCallback Callback { get; init; }

    /// <summary>The event's optional fields as its statuses carry them; <see cref="StatusDetails.None"/> when it has none.</summary>
    public StatusDetails Details { get; private init; }

    public EventSource? Source
    {
        get => Details.Source;
        init => Details = Shared(Details with { Source = value });
    }

    public DateTimeOffset? OccurredAt
    {
        get => Details.OccurredAt;
        init => Details = Shared(Details with { OccurredAt = value });
    }

    public string? Reference
    {
        get => Details.Reference;
        init => Details = Shared(Details with { Reference = value });
    }

    public string? NotificationType
    {
        get => Details.NotificationType;
        init => Details = Shared(Details with { NotificationType = value });
    }

    public DateTimeOffset? CreatedAt
    {
        get => Details.CreatedAt;
        init => Details = Shared(Details with { CreatedAt = value });
    }

    /// <summary>
    /// The fields once each: the optional ones as <see cref="Details"/>, since their properties only forward to it (the
    /// generated form printed them twice). The callback by its type only: a webhook URL may carry a secret.
    /// </summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("EventId = ").Append(EventId)
            .Append(", Provider = ").Append(Provider)
            .Append(", Recipients = ").Append(Recipients?.Count)
            .Append(", Callback = ").Append(Callback?.Type)
            .Append(", Details = ").Append(Details);
        return true;
    }

    /// <summary>The one shared instance for an event without optional fields, so statuses that add nothing share it too.</summary>
    private static StatusDetails Shared(StatusDetails details) => details == StatusDetails.None ? StatusDetails.None : details;
}
