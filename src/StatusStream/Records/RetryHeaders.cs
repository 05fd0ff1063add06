namespace StatusStream.Records;

/// <summary>
/// Header names on records parked on the retry topic (documented in docs/topics-and-headers.md).
/// The original-* headers (<see cref="OriginHeaders"/>) and the failure history
/// (<see cref="FailureHeaders"/>) are shared with dead letters.
/// </summary>
internal static class RetryHeaders
{
    /// <summary>The attempt the retry consumer makes next: 2 for the first retry (attempt 1 was the first delivery).</summary>
    public const string Attempt = "statusstream.retry.attempt";

    /// <summary>When the status may be delivered again (RFC 3339, UTC). Never delivered before it.</summary>
    public const string DueAt = "statusstream.retry.due-at";


    /// <summary>Retry topic only: the full callback target (a webhook URL as the sender gave it); dead letters get only its scheme, host and port.</summary>
    public const string CallbackTarget = "statusstream.callback.target";

    /// <summary>Retry topic only: "kafka" or "webhook".</summary>
    public const string CallbackType = "statusstream.callback.type";

    /// <summary>
    /// The Kafka:GroupId of the processor that parked the record: only that group's retry consumer delivers it, so groups
    /// may share one retry topic. Absent on records `dlq replay` sent (and on those parked before it existed): every
    /// group reading the topic delivers those, since a group named wrongly would leave a record nobody delivers.
    /// </summary>
    public const string Group = "statusstream.retry.group";

    /// <summary>Set on a record that `dlq replay` sent back: the dead letter's "partition:offset".</summary>
    public const string ReplayOf = DeadLetterHeaders.ReplayOf;
}
