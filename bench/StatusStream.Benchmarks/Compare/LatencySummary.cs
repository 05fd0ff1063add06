using System.Diagnostics;

namespace StatusStream.Benchmarks.Compare;

/// <summary>p50/p99/p99.9/max of latencies recorded in <see cref="Stopwatch"/> ticks.</summary>
internal sealed record LatencySummary(double P50Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static readonly LatencySummary None = new(double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencySummary Of(long[] ticks, int count)
    {
        if (count == 0)
        {
            return None;
        }

        ticks.AsSpan(0, count).Sort();
        double At(double quantile) => ticks[Math.Min(count - 1, (int)(count * quantile))] * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(At(0.50), At(0.99), At(0.999), At(1));
    }
}
