namespace StatusStream.Commit;

/// <summary>
/// The contiguous acknowledgement watermark of one input partition. Records are tracked in the
/// order they were consumed, each with the number of outputs it produced; an output is acknowledged
/// when it is safely on a callback, retry or dead-letter topic. The committable offset only moves
/// past a record once it and every record before it are fully acknowledged, whatever order the
/// acknowledgements arrive in.
/// </summary>
/// <remarks>Thread-safe: records are tracked on the consume thread, acknowledged on the producer's thread.</remarks>
internal sealed class PartitionWatermark
{
    private readonly Lock _lock = new();
    private readonly Queue<PendingRecord> _inOrder = new();
    private long _committable = -1;
    private int _abandoned; // abandoned records still queued
    private volatile bool _forgotten;

    /// <summary>Set once the ledger forgets the partition (revoked or lost): a record tracked after that needs a new watermark.</summary>
    public bool Forgotten
    {
        get => _forgotten;
        set => _forgotten = value;
    }

    /// <summary>The offset to commit (next record to read), or -1 when nothing has completed yet.</summary>
    public long CommittableOffset
    {
        get
        {
            lock (_lock)
            {
                return _committable;
            }
        }
    }

    /// <summary>Records not yet fully acknowledged and not given up: what is still worth waiting for.</summary>
    public int PendingRecords
    {
        get
        {
            lock (_lock)
            {
                // Records behind an abandoned one may be complete yet still queued: count only unfinished ones.
                return _abandoned == 0 ? _inOrder.Count : _inOrder.Count(r => r.Remaining > 0 && !r.Abandoned);
            }
        }
    }

    /// <summary>Starts tracking a consumed record that will produce <paramref name="outputs"/> outputs; its acknowledgements name the returned record.</summary>
    public PendingRecord Track(long offset, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        lock (_lock)
        {
            if (_inOrder.TryPeek(out _) && offset <= LastTracked)
            {
                throw new InvalidOperationException($"Offset {offset} tracked after {LastTracked}: records must be tracked in consume order.");
            }

            var record = new PendingRecord(offset, outputs);
            _inOrder.Enqueue(record);
            LastTracked = offset;
            return record;
        }
    }

    /// <summary>
    /// Acknowledges one output of <paramref name="record"/>; returns true if the watermark moved. Only the record's last
    /// output takes the lock: the others just count down (a status per recipient, several per record).
    /// </summary>
    public bool Acknowledge(PendingRecord record)
    {
        if (!record.CountDown())
        {
            return false;
        }

        lock (_lock)
        {
            // Whoever takes the lock after the last of several records before it completed sees them all complete.
            var moved = false;
            while (_inOrder.TryPeek(out var head) && head.Remaining == 0 && !head.Abandoned)
            {
                _inOrder.Dequeue();
                head.Passed = true;
                _committable = head.Offset + 1;
                moved = true;
            }

            return moved;
        }
    }

    /// <summary>
    /// Gives <paramref name="record"/> up (a held retry whose partition is revoked): the
    /// watermark never moves past it, so it is read again by the partition's next owner, and nobody
    /// waits for it any more. Later acknowledgements of its other outputs are still accepted.
    /// </summary>
    public void Abandon(PendingRecord record)
    {
        lock (_lock)
        {
            // A record the watermark has passed is no longer waited for: giving it up changes nothing.
            if (!record.Abandoned && !record.Passed)
            {
                record.Abandoned = true;
                _abandoned++;
            }
        }
    }

    private long LastTracked { get; set; } = -1;
}
