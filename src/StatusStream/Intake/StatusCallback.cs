namespace StatusStream.Intake;

/// <summary>Where the sender wants its statuses: a Kafka callback topic or a webhook URL (seed 000).</summary>
internal sealed record StatusCallback(CallbackType Type, string Target);
