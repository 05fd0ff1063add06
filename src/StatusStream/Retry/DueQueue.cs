using Confluent.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Retry;

/// <summary>
/// Statuses held in memory until their due time, each sent the moment it is due whatever else is
/// waiting: a status due in 48 s never holds back one due in 3 s. One timer, set to the earliest due
/// time, comes from the <see cref="TimeProvider"/>, so tests drive it with a fake clock. Held statuses
/// stay unacknowledged, so their input offsets are not committed until they are settled: a crash
/// loses nothing, the next owner reads them again.
/// </summary>
/// <remarks>Thread-safe: scheduled from consume and delivery-report threads, dispatched from the timer's.</remarks>
internal sealed class DueQueue : IDisposable
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<Held, (DateTimeOffset DueAt, long Sequence)> _queue = new();
    private readonly TimeProvider _time;
    private readonly Action<OutboundStatus> _dispatch;
    private readonly ITimer _timer;
    private long _sequence;
    private DateTimeOffset? _timerDueAt;
    private bool _disposed;

    /// <param name="dispatch">Sends a status that is due; called outside the lock, on the timer's thread.</param>
    public DueQueue(TimeProvider time, Action<OutboundStatus> dispatch)
    {
        _time = time;
        _dispatch = dispatch;
        _timer = time.CreateTimer(_ => DispatchDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Holds <paramref name="outbound"/> (read from <paramref name="heldFrom"/>) until <paramref name="dueAt"/>.</summary>
    public void Schedule(DateTimeOffset dueAt, TopicPartition heldFrom, OutboundStatus outbound)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(new Held(heldFrom, outbound), (dueAt, _sequence++));
            ArmTimer();
        }

        // Already due (a replayed record, a consumer that fell behind): no need to wait for the timer.
        if (dueAt <= _time.GetUtcNow())
        {
            DispatchDue();
        }
    }

    /// <summary>Takes out every held status of these partitions (all when null), so none is sent after they are gone.</summary>
    public IReadOnlyList<OutboundStatus> Release(IReadOnlyCollection<TopicPartition>? partitions)
    {
        lock (_lock)
        {
            var released = new List<OutboundStatus>();
            var kept = new List<(Held, (DateTimeOffset, long))>();
            while (_queue.TryDequeue(out var held, out var priority))
            {
                if (partitions is null || partitions.Contains(held.From))
                {
                    released.Add(held.Outbound);
                }
                else
                {
                    kept.Add((held, priority));
                }
            }

            _queue.EnqueueRange(kept);
            _timerDueAt = null;
            ArmTimer();
            return released;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void DispatchDue()
    {
        while (true)
        {
            OutboundStatus outbound;
            lock (_lock)
            {
                if (_disposed || !_queue.TryPeek(out var head, out var priority) || priority.DueAt > _time.GetUtcNow())
                {
                    // Nothing due yet (a timer may fire a little early): wait for the head's own time.
                    _timerDueAt = null;
                    ArmTimer();
                    return;
                }

                _queue.Dequeue();
                outbound = head.Outbound;
            }

            _dispatch(outbound);
        }
    }

    /// <summary>Points the timer at the earliest due time, unless it already is. Called under the lock.</summary>
    private void ArmTimer()
    {
        if (_disposed || !_queue.TryPeek(out _, out var head) || _timerDueAt == head.DueAt)
        {
            return;
        }

        _timerDueAt = head.DueAt;
        var wait = head.DueAt - _time.GetUtcNow();
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private sealed record Held(TopicPartition From, OutboundStatus Outbound);
}
