using System.Globalization;

namespace StatusStream.Benchmarks.Compare;

/// <summary>What one round of one side measured.</summary>
internal sealed record RoundResult(
    string Side,
    long Expected,
    long Arrived,
    double Seconds,
    int Recipients,
    LatencySummary Latency,
    long PeakRssBytes,
    TimeSpan Cpu,
    RuntimeCounts Runtime)
{
    public bool Complete => Arrived == Expected;

    public double StatusesPerSecond => Arrived / Seconds;

    public double EventsPerSecond => StatusesPerSecond / Recipients;

    /// <summary>CPU of the whole process (feeder, reader and the in-process broker included) per status.</summary>
    public double CpuMicrosecondsPerStatus => Arrived == 0 ? 0 : Cpu.TotalMicroseconds / Arrived;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Side,-10} {Arrived,9}/{Expected,-9} {Seconds,7:0.00} s {EventsPerSecond,9:0} ev/s {StatusesPerSecond,9:0} st/s  " +
        $"p50 {Latency.P50Ms,7:0.0} ms  p99 {Latency.P99Ms,7:0.0} ms  p99.9 {Latency.P999Ms,7:0.0} ms  max {Latency.MaxMs,7:0.0} ms  " +
        $"rss {PeakRssBytes / 1048576.0,6:0} MiB  cpu {CpuMicrosecondsPerStatus,6:0.0} us/status  " +
        $"alloc {(Arrived == 0 ? 0 : Runtime.AllocatedBytes / Arrived),5} B/status  contentions {Runtime.LockContentions,6}  gc0 {Runtime.Gen0,4} gc1 {Runtime.Gen1,3} gc2 {Runtime.Gen2,3} gc pause {Runtime.GcPause.TotalMilliseconds,5:0} ms  promoted {(Arrived == 0 ? 0 : Runtime.PromotedBytes / Arrived),4} B/status" +
        $"{(Complete ? "" : "  INCOMPLETE")}");
}
