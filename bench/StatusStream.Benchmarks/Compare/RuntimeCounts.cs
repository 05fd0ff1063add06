namespace StatusStream.Benchmarks.Compare;

/// <summary>Runtime counters over one round, for the whole process.</summary>
/// <param name="PromotedBytes">What young collections kept alive (see <see cref="ResourceSampler.Promoted"/>).</param>
/// <param name="GcPause">Time the runtime held managed threads for collections: what surviving objects cost beyond their allocation.</param>
internal sealed record RuntimeCounts(long AllocatedBytes, long LockContentions, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long PromotedBytes);
