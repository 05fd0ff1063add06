namespace StatusStream.Commit;

/// <summary>One consumed record while outputs of it are outstanding, as its <see cref="PartitionWatermark"/> tracks it.</summary>
internal sealed class PendingRecord(long offset, int outputs)
{
    private int _remaining = outputs;

    public long Offset => offset;

    /// <summary>Outputs not acknowledged yet.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Given up (see <see cref="PartitionWatermark.Abandon"/>); read and written under the watermark's lock.</summary>
    public bool Abandoned { get; set; }

    /// <summary>Counts one output acknowledged; true when it was the last one.</summary>
    public bool CountDown()
    {
        var left = Interlocked.Decrement(ref _remaining);
        if (left < 0)
        {
            Interlocked.Increment(ref _remaining);
            throw new InvalidOperationException($"Offset {offset} acknowledged more often than it has outputs.");
        }

        return left == 0;
    }
}
