namespace StatusStream.Benchmarks;

/// <summary>What a <see cref="PerStatusColumn"/> divides by the Recipients parameter.</summary>
internal enum PerStatusMeasure
{
    /// <summary>The mean time of an invocation: what a status costs on this machine as it is.</summary>
    MeanTime,

    /// <summary>
    /// The fastest iteration's time: on a shared virtual machine the neighbours only ever add time, so this is the
    /// steadiest figure to compare two builds by (the mean of the same build moves by ±20% from run to run here).
    /// </summary>
    MinTime,

    /// <summary>Managed bytes allocated per invocation.</summary>
    AllocatedBytes,
}
