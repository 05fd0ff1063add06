using Confluent.Kafka;

namespace StatusStream.Retry;

/// <summary>
/// What the retry consumer holds in memory, with two bounds that keep one retry from holding back another.
/// A record due within the horizon (Retry:HoldSeconds) is held until its due time and then delivered, the moment it is
/// due, whatever else waits: a status due in 48 s never holds back one due in 3 s. A record due later than that is held
/// for the horizon and then handed back to be re-parked (written again to the end of the retry topic, unchanged), so
/// no held record keeps its retry partition uncommitted for longer than the horizon, and one read back is held again
/// for a horizon rather than looping. Past Retry:MaxHeldStatuses the furthest-due record (possibly the one just read)
/// is re-parked at once instead: memory stays bounded and reading never stops for held records. One timer, set to the
/// earliest of the next due time and the next horizon, comes from the <see cref="TimeProvider"/>, so tests drive it
/// with a fake clock.
/// </summary>
/// <remarks>Thread-safe: held from the consume thread, dispatched from the timer's; the callbacks run outside the lock.</remarks>
internal sealed class RetryHold : IDisposable
{
    private static readonly Comparer<Entry> ByDue = Comparer<Entry>.Create((a, b) =>
    {
        var c = a.Held.DueAt.CompareTo(b.Held.DueAt);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    private static readonly Comparer<Entry> ByHorizon = Comparer<Entry>.Create((a, b) =>
    {
        var c = a.HoldUntil.GetValueOrDefault().CompareTo(b.HoldUntil.GetValueOrDefault());
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    private readonly Lock _lock = new();
    private readonly SortedSet<Entry> _byDue = new(ByDue);
    private readonly SortedSet<Entry> _byHorizon = new(ByHorizon); // only the records not due within the horizon
    private readonly TimeProvider _time;
    private readonly TimeSpan _horizon;
    private readonly int _maxHeld;
    private readonly Action<HeldRetry> _due;
    private readonly Action<HeldRetry, ReparkReason> _repark;
    private readonly ITimer _timer;
    private long _sequence;
    private DateTimeOffset? _timerAt;
    private bool _disposed;

    /// <param name="due">Delivers a record that is due; called outside the lock.</param>
    /// <param name="repark">Writes a record back to the retry topic; called outside the lock.</param>
    public RetryHold(TimeProvider time, TimeSpan horizon, int maxHeld, Action<HeldRetry> due, Action<HeldRetry, ReparkReason> repark)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeld, 1);
        _time = time;
        _horizon = horizon;
        _maxHeld = maxHeld;
        _due = due;
        _repark = repark;
        _timer = time.CreateTimer(_ => Dispatch(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Records held now (due within the horizon or waiting to be re-parked).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byDue.Count;
            }
        }
    }

    public void Hold(HeldRetry held)
    {
        HeldRetry? evicted = null;
        bool dueNow;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            var entry = new Entry(held, held.DueAt > now + _horizon ? now + _horizon : null, _sequence++);
            Add(entry);

            // Full: the furthest-due record leaves now (it has the longest to wait anyway), unless even that one is due,
            // when all of them are about to go out.
            if (_byDue.Count > _maxHeld && _byDue.Max is { } furthest && furthest.Held.DueAt > now)
            {
                Remove(furthest);
                evicted = furthest.Held;
            }

            dueNow = held.DueAt <= now;
            ArmTimer(now);
        }

        if (evicted is not null)
        {
            _repark(evicted, ReparkReason.HeldLimit);
        }

        // Already due (a consumer that fell behind, a replayed record): no need to wait for the timer.
        if (dueNow)
        {
            Dispatch();
        }
    }

    /// <summary>Takes out every held record of these partitions (all when null), so none is sent or re-parked after they are gone.</summary>
    public IReadOnlyList<HeldRetry> Release(IReadOnlyCollection<TopicPartition>? partitions)
    {
        lock (_lock)
        {
            var released = _byDue.Where(e => partitions is null || partitions.Contains(e.Held.From)).ToList();
            foreach (var entry in released)
            {
                Remove(entry);
            }

            _timerAt = null;
            ArmTimer(_time.GetUtcNow());
            return [.. released.Select(e => e.Held)];
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

    private void Dispatch()
    {
        while (true)
        {
            HeldRetry next;
            bool due;
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                var now = _time.GetUtcNow();
                if (_byDue.Min is { } first && first.Held.DueAt <= now)
                {
                    (next, due) = (first.Held, true);
                    Remove(first);
                }
                else if (_byHorizon.Min is { } longest && longest.HoldUntil <= now)
                {
                    (next, due) = (longest.Held, false);
                    Remove(longest);
                }
                else
                {
                    // Nothing due yet (a timer may fire a little early): wait for the next time.
                    _timerAt = null;
                    ArmTimer(now);
                    return;
                }
            }

            if (due)
            {
                _due(next);
            }
            else
            {
                _repark(next, ReparkReason.Horizon);
            }
        }
    }

    private void Add(Entry entry)
    {
        _byDue.Add(entry);
        if (entry.HoldUntil is not null)
        {
            _byHorizon.Add(entry);
        }
    }

    private void Remove(Entry entry)
    {
        _byDue.Remove(entry);
        if (entry.HoldUntil is not null)
        {
            _byHorizon.Remove(entry);
        }
    }

    /// <summary>Points the timer at the earlier of the next due time and the next horizon, unless it already is. Called under the lock.</summary>
    private void ArmTimer(DateTimeOffset now)
    {
        if (_disposed || _byDue.Min is not { } first)
        {
            return;
        }

        var at = first.Held.DueAt;
        if (_byHorizon.Min?.HoldUntil is { } horizon && horizon < at)
        {
            at = horizon;
        }

        if (_timerAt == at)
        {
            return;
        }

        _timerAt = at;
        var wait = at - now;
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    /// <param name="holdUntil">When a record not due within the horizon is re-parked; null for one due within it.</param>
    private sealed class Entry(HeldRetry held, DateTimeOffset? holdUntil, long sequence)
    {
        public HeldRetry Held => held;

        public DateTimeOffset? HoldUntil => holdUntil;

        public long Sequence => sequence;
    }
}
