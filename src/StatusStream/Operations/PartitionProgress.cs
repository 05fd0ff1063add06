namespace StatusStream.Operations;

/// <summary>One partition as a consumer group sees it: its committed offset (null: none yet), the end, and the records between.</summary>
internal sealed record PartitionProgress(string Topic, int Partition, long? Committed, long Start, long End)
{
    /// <summary>Records not yet committed: from the committed offset (or the first record kept) to the end.</summary>
    public long Lag => Math.Max(0, End - Math.Max(Committed ?? Start, Start));
}
