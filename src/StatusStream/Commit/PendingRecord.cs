namespace StatusStream.Commit;

/// <summary>One consumed record while outputs of it are outstanding, as its <see cref="PartitionWatermark"/> tracks it.</summary>
internal sealed class PendingRecord(long offset, int outputs)
{
    private int _remaining = outputs;

    public long Offset => offset;

    /// <summary>Outputs not acknowledged yet; never below zero, even for a moment.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Given up (see <see cref="PartitionWatermark.Abandon"/>); read and written under the watermark's lock.</summary>
    public bool Abandoned { get; set; }

    /// <summary>Passed by the watermark (dequeued); read and written under the watermark's lock.</summary>
    public bool Passed { get; set; }

    /// <summary>Counts one output acknowledged; true when it was the last one.</summary>
    /// <remarks>
    /// A compare-and-swap, not a decrement to be undone: a count that dipped below zero for a moment, by an
    /// acknowledgement too many, would make the last real acknowledgement's advance see the record unfinished and stop.
    /// </remarks>
    public bool CountDown()
    {
        var remaining = Volatile.Read(ref _remaining);
        while (true)
        {
            if (remaining == 0)
            {
                throw new InvalidOperationException($"Offset {offset} acknowledged more often than it has outputs.");
            }

            var seen = Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining);
            if (seen == remaining)
            {
                return remaining == 1;
            }

            remaining = seen;
        }
    }
}
