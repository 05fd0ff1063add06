namespace StatusStream.Intake;

/// <summary>Where the sender wants its statuses: a Kafka callback topic or a webhook URL (seed 000).</summary>
/// <param name="Subscription">Set when the target belongs to a standing subscription (seed 002) rather than to the
/// event itself: its id travels with every status (header <c>subscription-id</c>) through retries and dead letters.</param>
internal sealed record StatusCallback(CallbackType Type, string Target, Guid? Subscription = null);
