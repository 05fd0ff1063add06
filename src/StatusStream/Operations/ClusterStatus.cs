namespace StatusStream.Operations;

/// <summary>What `statusstream status` prints: the group's lag per input partition, the retry backlog, dead letters by reason.</summary>
internal sealed record ClusterStatus(
    string GroupId,
    IReadOnlyList<PartitionProgress> Input,
    IReadOnlyList<PartitionProgress> Retry,
    int RetryDueNow,
    int RetryDueSoon,
    int RetryDueLater,
    IReadOnlyDictionary<string, int> DeadLettersByReason);
