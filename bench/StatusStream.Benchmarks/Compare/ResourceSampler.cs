namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Peak resident memory (sampled every 20 ms) and CPU time of this process over one round. Everything runs in this
/// process, the embedded broker too, so both sides carry the same overhead and only the difference is theirs.
/// </summary>
internal sealed class ResourceSampler : IDisposable
{
    private readonly Timer _timer;
    private readonly TimeSpan _cpuAtStart;
    private readonly long _allocatedAtStart;
    private readonly long _contentionsAtStart;
    private readonly int _gen0AtStart;
    private readonly int _gen2AtStart;
    private long _peak;

    private ResourceSampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _cpuAtStart = Environment.CpuUsage.TotalTime;
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        _contentionsAtStart = Monitor.LockContentionCount;
        _gen0AtStart = GC.CollectionCount(0);
        _gen2AtStart = GC.CollectionCount(2);
        _peak = Environment.WorkingSet;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    public long PeakRssBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    public TimeSpan Cpu => Environment.CpuUsage.TotalTime - _cpuAtStart;

    /// <summary>Managed bytes allocated by every thread of the process since the start.</summary>
    public long Allocated => GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart;

    /// <summary>Times a thread found a lock (Monitor or System.Threading.Lock) taken and had to wait.</summary>
    public long LockContentions => Monitor.LockContentionCount - _contentionsAtStart;

    public int Gen0Collections => GC.CollectionCount(0) - _gen0AtStart;

    public int Gen2Collections => GC.CollectionCount(2) - _gen2AtStart;

    public static ResourceSampler Start() => new();

    public RuntimeCounts Counts() => new(Allocated, LockContentions, Gen0Collections, Gen2Collections);

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
