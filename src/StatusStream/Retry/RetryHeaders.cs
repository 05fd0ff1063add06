namespace StatusStream.Retry;

/// <summary>
/// Header names on records parked on the retry topic (documented in the README, "Topics and headers").
/// The original-* headers are shared with dead letters (<see cref="DeadLetters.DeadLetterHeaders"/>),
/// so a dead letter carries the same history its retries did.
/// </summary>
internal static class RetryHeaders
{
    /// <summary>The attempt the retry consumer makes next: 2 for the first retry (attempt 1 was the first delivery).</summary>
    public const string Attempt = "statusstream.retry.attempt";

    /// <summary>When the status may be delivered again (RFC 3339, UTC). Never delivered before it.</summary>
    public const string DueAt = "statusstream.retry.due-at";

    /// <summary>When the first attempt failed (RFC 3339, UTC).</summary>
    public const string FirstFailureAt = "statusstream.retry.first-failure-at";

    /// <summary>Class of the last failure: "transient", "permanent".</summary>
    public const string ErrorClass = "statusstream.error.class";

    /// <summary>The last failure, e.g. "kafka:UnknownTopicOrPart: Broker: Unknown topic or partition" (bounded).</summary>
    public const string ErrorMessage = "statusstream.error.message";

    /// <summary>Every attempt so far, bounded: see <see cref="FailureHistory"/>.</summary>
    public const string History = "statusstream.history";

    /// <summary>Retry topic only: the full callback target (a webhook URL as the sender gave it); dead letters get the redacted form.</summary>
    public const string CallbackTarget = "statusstream.callback.target";

    /// <summary>Retry topic only: "kafka" or "webhook".</summary>
    public const string CallbackType = "statusstream.callback.type";

    /// <summary>Set on a record that `dlq replay` sent back: the dead letter's "partition:offset".</summary>
    public const string ReplayOf = "statusstream.replay-of";
}
