namespace StatusStream.Commit;

/// <summary>Acknowledges the outputs of one consumed record, one call per output.</summary>
/// <param name="inFlight">
/// False for a record that is only held (a retry waiting for its due time): it keeps its place in the watermark but does
/// not count against the in-flight bound until <see cref="MarkInFlight"/>, when it is handed on.
/// </param>
internal sealed class OutputAcknowledgement(OffsetLedger ledger, PartitionWatermark watermark, PendingRecord record, bool inFlight = true)
{
    private int _inFlight = inFlight ? 1 : 0;

    public long Offset => record.Offset;

    /// <summary>Counts in the ledger's in-flight total (false while only held).</summary>
    public bool InFlight => Volatile.Read(ref _inFlight) != 0;

    public void Acknowledge()
    {
        watermark.Acknowledge(record);
        if (InFlight)
        {
            ledger.OutputDone();
        }
    }

    /// <summary>
    /// Gives an output up without acknowledging it (a held retry whose partition was revoked): the
    /// watermark stays before it, so it is read again; only the in-flight count is released.
    /// </summary>
    public void Abandon()
    {
        watermark.Abandon(record);
        if (InFlight)
        {
            ledger.OutputDone();
        }
    }

    /// <summary>A held record is handed on (to delivery, or back to the retry topic): from now on it counts in flight.</summary>
    public void MarkInFlight()
    {
        if (Interlocked.Exchange(ref _inFlight, 1) == 0)
        {
            ledger.OutputStarted();
        }
    }
}
