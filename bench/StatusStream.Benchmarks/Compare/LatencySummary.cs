using System.Diagnostics;

namespace StatusStream.Benchmarks.Compare;

/// <summary>p50/p99/max of latencies recorded in <see cref="Stopwatch"/> ticks.</summary>
internal sealed record LatencySummary(double P50Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary None = new(double.NaN, double.NaN, double.NaN);

    public static LatencySummary Of(long[] ticks, int count)
    {
        if (count == 0)
        {
            return None;
        }

        var sorted = ticks.AsSpan(0, count);
        sorted.Sort();
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(Ms(sorted[(int)(count * 0.50)]), Ms(sorted[Math.Min(count - 1, (int)(count * 0.99))]), Ms(sorted[count - 1]));
    }
}
