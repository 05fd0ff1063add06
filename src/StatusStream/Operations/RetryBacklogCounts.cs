namespace StatusStream.Operations;

/// <summary>The retry records past the retry group's committed offset, sorted as `status` prints them (ClusterStatusReader).</summary>
internal readonly record struct RetryBacklogCounts(int DueNow, int DueSoon, int Later, int DueBehindHeld, int Settled);
