using System.Collections.Concurrent;
using Confluent.Kafka;

namespace StatusStream.Commit;

/// <summary>
/// Watermarks of every assigned input partition, what was last committed for each, and the total
/// number of outputs still in flight (the pipeline's back-pressure signal).
/// </summary>
internal sealed class OffsetLedger
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionWatermark> _watermarks = new();
    private readonly ConcurrentDictionary<TopicPartition, long> _committed = new();
    private TrackedPartition? _lastTracked;
    private long _inFlight;
    private long _wakeAt = long.MinValue;
    private TaskCompletionSource? _roomWaiter;

    public long InFlightOutputs => Interlocked.Read(ref _inFlight);

    /// <summary>The consume loop is blocked in <see cref="WaitForRoom"/> (tests wait for it before acting).</summary>
    internal bool WaitingForRoom => Volatile.Read(ref _roomWaiter) is not null;

    /// <summary>
    /// Tracks a consumed record and returns a handle whose <see cref="OutputAcknowledgement.Acknowledge"/>
    /// is called once per output. The handle holds its own watermark, so an acknowledgement that
    /// arrives after the partition was revoked touches nothing the new owner relies on.
    /// </summary>
    public OutputAcknowledgement Track(TopicPartitionOffset record, int outputs) =>
        Track(record.Topic, record.Partition.Value, record.Offset.Value, outputs);

    /// <summary>As <see cref="Track(TopicPartitionOffset, int)"/>, by a consumed record's fields (no offset object per record).</summary>
    public OutputAcknowledgement Track(ConsumeResult<byte[], byte[]> record, int outputs) =>
        Track(record.Topic, record.Partition.Value, record.Offset.Value, outputs);

    /// <summary>As <see cref="Track(TopicPartitionOffset, int)"/>.</summary>
    public OutputAcknowledgement Track(string topic, int partition, long offset, int outputs)
    {
        var watermark = WatermarkOf(topic, partition);
        var pending = watermark.Track(offset, outputs);
        Interlocked.Add(ref _inFlight, outputs);
        return new OutputAcknowledgement(this, watermark, pending);
    }

    /// <summary>
    /// Tracks a consumed record with one output that is only held for now (a retry waiting for its due time): it keeps
    /// the watermark before it like any other, but counts in flight only from <see cref="OutputAcknowledgement.MarkInFlight"/>.
    /// So held records never fill the in-flight bound and stop the loop reading records due sooner.
    /// </summary>
    public OutputAcknowledgement TrackHeld(ConsumeResult<byte[], byte[]> record)
    {
        var watermark = WatermarkOf(record.Topic, record.Partition.Value);
        var pending = watermark.Track(record.Offset.Value, 1);
        return new OutputAcknowledgement(this, watermark, pending, inFlight: false);
    }

    /// <summary>Offsets that moved since the last successful commit, for the given partitions (all when null).</summary>
    public List<TopicPartitionOffset> Committable(IEnumerable<TopicPartition>? partitions = null)
    {
        var result = new List<TopicPartitionOffset>();
        foreach (var partition in partitions ?? _watermarks.Keys)
        {
            if (!_watermarks.TryGetValue(partition, out var watermark))
            {
                continue;
            }

            var offset = watermark.CommittableOffset;
            if (offset >= 0 && (!_committed.TryGetValue(partition, out var last) || offset > last))
            {
                result.Add(new TopicPartitionOffset(partition, offset));
            }
        }

        return result;
    }

    public void MarkCommitted(IEnumerable<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            _committed[offset.TopicPartition] = offset.Offset.Value;
        }
    }

    /// <summary>Forgets partitions that were revoked or lost; their outputs no longer hold anything back.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_watermarks.TryRemove(partition, out var watermark))
            {
                watermark.Forgotten = true;
            }

            _committed.TryRemove(partition, out _);
        }
    }

    /// <summary>Records of these partitions consumed but not yet fully acknowledged.</summary>
    public int PendingRecords(IEnumerable<TopicPartition> partitions) =>
        partitions.Sum(p => _watermarks.TryGetValue(p, out var w) ? w.PendingRecords : 0);

    /// <summary>
    /// Blocks the calling thread until fewer than <paramref name="below"/> outputs are in flight, or
    /// <paramref name="timeout"/> passes on <paramref name="time"/>'s clock, or <paramref name="stopping"/> fires.
    /// One caller at a time (the consume loop). True when there is room.
    /// </summary>
    public bool WaitForRoom(long below, TimeSpan timeout, TimeProvider time, CancellationToken stopping)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _roomWaiter, waiter);
        Volatile.Write(ref _wakeAt, below - 1);
        try
        {
            // Checked after announcing the wait, so an acknowledgement in between is not missed.
            if (InFlightOutputs < below)
            {
                return true;
            }

            using var timer = new CancellationTokenSource(timeout, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stopping);
            using (either.Token.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), waiter))
            {
                waiter.Task.GetAwaiter().GetResult();
            }

            return InFlightOutputs < below;
        }
        finally
        {
            Volatile.Write(ref _wakeAt, long.MinValue);
            Volatile.Write(ref _roomWaiter, null);
        }
    }

    /// <summary>
    /// The watermark of a partition. A consumer hands out records in runs of one partition, so the last one looked up
    /// is remembered: most records then cost a compare of the topic name instead of a new
    /// <see cref="TopicPartition"/> and a hash of the name. A forgotten (revoked) watermark is never reused.
    /// </summary>
    private PartitionWatermark WatermarkOf(string topic, int partition)
    {
        var last = Volatile.Read(ref _lastTracked);
        if (last is not null && last.Partition == partition && !last.Watermark.Forgotten && string.Equals(last.Topic, topic, StringComparison.Ordinal))
        {
            return last.Watermark;
        }

        var watermark = _watermarks.GetOrAdd(new TopicPartition(topic, partition), static _ => new PartitionWatermark());
        Volatile.Write(ref _lastTracked, new TrackedPartition(topic, partition, watermark));
        return watermark;
    }

    internal void OutputStarted() => Interlocked.Increment(ref _inFlight);

    internal void OutputDone()
    {
        // Only while the consume loop waits for room does an acknowledgement look further (one read otherwise).
        if (Interlocked.Decrement(ref _inFlight) <= Volatile.Read(ref _wakeAt))
        {
            Volatile.Read(ref _roomWaiter)?.TrySetResult();
        }
    }
}
