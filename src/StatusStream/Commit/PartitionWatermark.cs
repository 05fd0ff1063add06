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
    private readonly Dictionary<long, PendingRecord> _byOffset = [];
    private long _committable = -1;

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

    /// <summary>Records not yet fully acknowledged.</summary>
    public int PendingRecords
    {
        get
        {
            lock (_lock)
            {
                return _inOrder.Count;
            }
        }
    }

    /// <summary>Starts tracking a consumed record that will produce <paramref name="outputs"/> outputs.</summary>
    public void Track(long offset, int outputs)
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
            _byOffset.Add(offset, record);
            LastTracked = offset;
        }
    }

    /// <summary>Acknowledges one output of the record at <paramref name="offset"/>; returns true if the watermark moved.</summary>
    public bool Acknowledge(long offset)
    {
        lock (_lock)
        {
            if (!_byOffset.TryGetValue(offset, out var record) || record.Remaining == 0)
            {
                throw new InvalidOperationException($"Offset {offset} acknowledged more often than it has outputs.");
            }

            record.Remaining--;
            var moved = false;
            while (_inOrder.TryPeek(out var head) && head.Remaining == 0)
            {
                _inOrder.Dequeue();
                _byOffset.Remove(head.Offset);
                _committable = head.Offset + 1;
                moved = true;
            }

            return moved;
        }
    }

    private long LastTracked { get; set; } = -1;

    private sealed class PendingRecord(long offset, int outputs)
    {
        public long Offset { get; } = offset;

        public int Remaining { get; set; } = outputs;
    }
}
