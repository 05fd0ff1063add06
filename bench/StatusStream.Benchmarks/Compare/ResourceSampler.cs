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
    private readonly int _gen1AtStart;
    private readonly int _gen2AtStart;
    private readonly TimeSpan _gcPauseAtStart;
    private long _peak;
    private long _lastEphemeralIndex;
    private readonly Lock _promotedLock = new();
    private long _promoted;
    private int _sampledCollections;

    private ResourceSampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _cpuAtStart = Environment.CpuUsage.TotalTime;
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        _contentionsAtStart = Monitor.LockContentionCount;
        _gen0AtStart = GC.CollectionCount(0);
        _gen1AtStart = GC.CollectionCount(1);
        _gen2AtStart = GC.CollectionCount(2);
        _gcPauseAtStart = GC.GetTotalPauseDuration();
        _peak = Environment.WorkingSet;
        _lastEphemeralIndex = GC.GetGCMemoryInfo(GCKind.Ephemeral).Index;
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

    // CollectionCount(n) counts every collection of generation n or older: the gen0 count includes the gen1 and gen2 ones.
    public int Gen1Collections => GC.CollectionCount(1) - _gen1AtStart;

    public int Gen2Collections => GC.CollectionCount(2) - _gen2AtStart;

    /// <summary>
    /// Bytes that gen-0 and gen-1 collections found still alive and moved up: what a side keeps in flight costs it
    /// here. Only the last young collection is readable at each 20 ms sample, so two within one sample (a late timer
    /// under load, a side that collects more often) would be missed: the figure is the sampled collections' mean times
    /// every young collection of the round.
    /// </summary>
    public long Promoted
    {
        get
        {
            Sample();
            lock (_promotedLock)
            {
                var young = Gen0Collections - Gen2Collections;
                return _sampledCollections == 0 ? 0 : _promoted * young / _sampledCollections;
            }
        }
    }

    public TimeSpan GcPause => GC.GetTotalPauseDuration() - _gcPauseAtStart;

    public static ResourceSampler Start() => new();

    public RuntimeCounts Counts() => new(Allocated, LockContentions, Gen0Collections, Gen1Collections, Gen2Collections, GcPause, Promoted);

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var ephemeral = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        lock (_promotedLock)
        {
            if (ephemeral.Index > _lastEphemeralIndex)
            {
                _lastEphemeralIndex = ephemeral.Index;
                _promoted += ephemeral.PromotedBytes;
                _sampledCollections++;
            }
        }

        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
