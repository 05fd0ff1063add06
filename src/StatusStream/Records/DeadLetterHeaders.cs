namespace StatusStream.Records;

/// <summary>Header names on dead letters (documented in docs/topics-and-headers.md).</summary>
internal static class DeadLetterHeaders
{
    /// <summary>Stable reason code, e.g. "not-json", "schema-violation", "retries-exhausted", "permanent-failure".</summary>
    public const string Reason = "statusstream.reason";

    /// <summary>Human-readable detail of the reason (bounded; never contains secrets or payloads).</summary>
    public const string Detail = "statusstream.detail";

    /// <summary>"intake": the value is the original input record. "delivery": the value is one NotificationStatus.</summary>
    public const string Stage = "statusstream.stage";

    public const string OriginalTopic = OriginHeaders.Topic;
    public const string OriginalPartition = OriginHeaders.Partition;
    public const string OriginalOffset = OriginHeaders.Offset;
    public const string OriginalTimestamp = OriginHeaders.Timestamp;

    /// <summary>When the record was dead-lettered (RFC 3339, UTC).</summary>
    public const string DeadLetteredAt = "statusstream.dead-lettered-at";

    /// <summary>"kafka" or "webhook" (delivery stage only).</summary>
    public const string TargetType = "statusstream.target.type";

    /// <summary>The callback topic, or the webhook URL's scheme, host and port only (delivery stage only).</summary>
    public const string Target = "statusstream.target";

    /// <summary>
    /// "true" when <see cref="Target"/> is shorter than the real target (a webhook URL with a path or query, either of
    /// which may hold a credential): a replay reads the whole URL back from the original record (Replay.ReplayVerifier).
    /// </summary>
    public const string TargetRedacted = "statusstream.target.redacted";

    /// <summary>How many delivery attempts were made (delivery stage, after at least one failed attempt).</summary>
    public const string Attempts = "statusstream.attempts";

    // Dead letters of failed deliveries also carry statusstream.retry.first-failure-at,
    // statusstream.error.class, statusstream.error.message and statusstream.history (see FailureHeaders).

    /// <summary>
    /// On a replay marker: the dead letter it marks ("partition:offset"). Also set on the record `dlq replay` sends back,
    /// for whoever reads it there, but never read from an input record: anyone who can write to an input topic could set it.
    /// </summary>
    public const string ReplayOf = "statusstream.replay-of";

    /// <summary>
    /// On a replay marker: where the re-sent record landed, "topic:partition:offset" (topic names hold no ':'). A dead
    /// letter whose statusstream.original.* name that position is the same record failing again (<see cref="ReplayChain"/>):
    /// the link comes from the dead-letter topic alone.
    /// </summary>
    public const string ReplayedTo = "statusstream.replayed-to";

    /// <summary>
    /// "true" when the topic refused the dead letter's size and its value and key were cut to their first bytes and its
    /// long header values dropped; "minimal" when even that was refused and only why and where from are left (<see cref="DeadLetterCut"/>).
    /// </summary>
    public const string Truncated = "statusstream.truncated";

    /// <summary>With <see cref="Truncated"/>: the value's size in bytes before the cut.</summary>
    public const string OriginalSize = "statusstream.truncated.original-size";

    /// <summary>With <see cref="Truncated"/>: the SHA-256 (hex) of the value before the cut.</summary>
    public const string OriginalSha256 = "statusstream.truncated.original-sha256";

    /// <summary>With <see cref="Truncated"/>, when the key was cut: its size in bytes before the cut.</summary>
    public const string OriginalKeySize = "statusstream.truncated.original-key-size";

    /// <summary>With <see cref="Truncated"/>, when the key was cut: the SHA-256 (hex) of the key before the cut.</summary>
    public const string OriginalKeySha256 = "statusstream.truncated.original-key-sha256";

    /// <summary>With <see cref="Truncated"/>, when header values were dropped for their length: their names, comma-separated.</summary>
    public const string TruncatedHeaders = "statusstream.truncated.headers";

    /// <summary>With <see cref="TruncatedHeaders"/>: the bytes (names and values) of the dropped headers.</summary>
    public const string OriginalHeadersSize = "statusstream.truncated.original-headers-size";

    public const string StageIntake = "intake";
    public const string StageDelivery = "delivery";
}
