namespace StatusStream.Commit;

/// <summary>The partition <see cref="OffsetLedger"/> tracked a record of last, and its watermark.</summary>
internal sealed record TrackedPartition(string Topic, int Partition, PartitionWatermark Watermark);
