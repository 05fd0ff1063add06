using BenchmarkDotNet.Configs;

namespace StatusStream.Benchmarks;

/// <summary>Adds the per-status columns to the default configuration.</summary>
internal sealed class PerStatusConfig : ManualConfig
{
    public PerStatusConfig() => AddColumn(
        new PerStatusColumn(PerStatusMeasure.MeanTime), new PerStatusColumn(PerStatusMeasure.MinTime), new PerStatusColumn(PerStatusMeasure.AllocatedBytes));
}
