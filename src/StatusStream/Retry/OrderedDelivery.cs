using Confluent.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Retry;

/// <summary>
/// Per-key ordered mode (opt-in, Retry:OrderedKeys): at most one status per key is out at a time;
/// the next of that key is sent only when the one before it settled (delivered or dead-lettered).
/// A status that fails transiently is retried in place, on the same backoff schedule, while later
/// statuses of its key wait behind it: OSP's "confirm delivered, then the next event". Other
/// keys are not held back. Waiting statuses are unacknowledged, so their input offsets stay
/// uncommitted and a crash re-reads them in order; they count against the in-flight bound.
/// </summary>
internal sealed class OrderedDelivery : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeyQueue> _keys = new(StringComparer.Ordinal);
    private readonly IStatusDelivery _router;
    private readonly DueQueue _due;

    public OrderedDelivery(IStatusDelivery router, TimeProvider time)
    {
        _router = router;
        _due = new DueQueue(time, router.Deliver);
    }

    /// <summary>Keys with a status out or waiting (for tests and metrics).</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_lock)
            {
                return _keys.Count;
            }
        }
    }

    public void Submit(string key, OutboundStatus outbound)
    {
        OutboundStatus? sendNow = null;
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var queue))
            {
                queue = new KeyQueue(new KeyOrder(key, this));
                _keys.Add(key, queue);
            }

            outbound = outbound with { Order = queue.Order };
            if (queue.Head is null)
            {
                queue.Head = sendNow = outbound;
            }
            else
            {
                queue.Waiting.Enqueue(outbound);
            }
        }

        if (sendNow is not null)
        {
            _router.Deliver(sendNow);
        }
    }

    /// <summary>The head of <paramref name="order"/>'s key settled: the next of that key goes.</summary>
    internal void Settled(KeyOrder order, OutboundStatus outbound)
    {
        OutboundStatus? next;
        lock (_lock)
        {
            if (!_keys.TryGetValue(order.Key, out var queue) || !ReferenceEquals(queue.Order, order))
            {
                return;
            }

            next = Promote(order.Key, queue);
        }

        if (next is not null)
        {
            _router.Deliver(next);
        }
    }

    /// <summary>The head failed transiently: it stays the head and is sent again when due.</summary>
    internal void RetryAt(KeyOrder order, OutboundStatus next, DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(order.Key, out var queue))
            {
                queue.Head = next;
            }
        }

        _due.Schedule(dueAt, new TopicPartition(next.Origin.Topic, next.Origin.Partition), next);
    }

    /// <summary>
    /// Gives up every waiting or held status of these input partitions (all when null): they are
    /// being revoked or the loop stops, and their next owner reads them again in order.
    /// </summary>
    public void Release(IReadOnlyCollection<TopicPartition>? partitions)
    {
        var abandoned = new List<OutboundStatus>();
        var promoted = new List<OutboundStatus>();
        lock (_lock)
        {
            var held = _due.Release(partitions);
            abandoned.AddRange(held);
            foreach (var (key, queue) in _keys.ToList())
            {
                var keep = queue.Waiting.Where(o => !IsIn(o, partitions)).ToList();
                abandoned.AddRange(queue.Waiting.Where(o => IsIn(o, partitions)));
                queue.Waiting.Clear();
                keep.ForEach(queue.Waiting.Enqueue);
                if (queue.Head is not null && held.Any(h => ReferenceEquals(h, queue.Head)))
                {
                    // Held for retry, now given up: the head place passes on (an in-flight head settles by itself).
                    if (Promote(key, queue) is { } next)
                    {
                        promoted.Add(next);
                    }
                }
                else if (queue.Head is null && queue.Waiting.Count == 0)
                {
                    _keys.Remove(key);
                }
            }
        }

        foreach (var outbound in abandoned)
        {
            outbound.Acknowledgement.Abandon();
        }

        promoted.ForEach(_router.Deliver);
    }

    public void Dispose() => _due.Dispose();

    /// <summary>Moves the next waiting status to the head (removing the key when none waits). Called under the lock.</summary>
    private OutboundStatus? Promote(string key, KeyQueue queue)
    {
        if (queue.Waiting.TryDequeue(out var next))
        {
            queue.Head = next;
            return next;
        }

        queue.Head = null;
        _keys.Remove(key);
        return null;
    }

    private static bool IsIn(OutboundStatus outbound, IReadOnlyCollection<TopicPartition>? partitions) =>
        partitions is null || partitions.Contains(new TopicPartition(outbound.Origin.Topic, outbound.Origin.Partition));

    private sealed class KeyQueue(KeyOrder order)
    {
        public KeyOrder Order { get; } = order;

        public OutboundStatus? Head { get; set; }

        public Queue<OutboundStatus> Waiting { get; } = new();
    }
}
