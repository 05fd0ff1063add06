namespace StatusStream.Benchmarks.Compare;

/// <summary>Runtime counters over one round, for the whole process.</summary>
internal sealed record RuntimeCounts(long AllocatedBytes, long LockContentions, int Gen0, int Gen2);
