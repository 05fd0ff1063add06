namespace StatusStream.Operations;

/// <summary>What `statusstream status` prints: the group's lag per input partition, the retry backlog, dead letters by reason.</summary>
internal sealed record ClusterStatus(
    string GroupId,
    IReadOnlyList<PartitionProgress> Input,
    IReadOnlyList<PartitionProgress> Retry,
    int RetryDueNow,
    int RetryDueSoon,
    int RetryDueLater,
    IReadOnlyDictionary<string, int> DeadLettersByReason)
{
    /// <summary>Retry records due now that sit behind a record held until later: delivered by a running retry consumer, waiting only for the commit.</summary>
    public int RetryDueBehindHeld { get; init; }

    /// <summary>Retry records already done with (parked again for a later attempt, or dead-lettered) but not yet committed past.</summary>
    public int RetrySettled { get; init; }
}
