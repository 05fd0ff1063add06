namespace StatusStream.Intake;

/// <summary>The top-level properties the schema names: which ones an event has shown so far.</summary>
[Flags]
internal enum EventProperties
{
    None = 0,
    EventId = 1 << 0,
    Provider = 1 << 1,
    Recipients = 1 << 2,
    Callback = 1 << 3,
    Source = 1 << 4,
    OccurredAt = 1 << 5,
    Reference = 1 << 6,
    NotificationType = 1 << 7,
    CreatedAt = 1 << 8,
}
