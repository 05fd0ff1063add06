namespace StatusStream.Commit;

/// <summary>Acknowledges the outputs of one consumed record, one call per output.</summary>
internal sealed class OutputAcknowledgement(OffsetLedger ledger, PartitionWatermark watermark, long offset)
{
    public long Offset => offset;

    public void Acknowledge()
    {
        watermark.Acknowledge(offset);
        ledger.OutputDone();
    }

    /// <summary>
    /// Gives an output up without acknowledging it (a held retry whose partition was revoked): the
    /// watermark stays before it, so it is read again; only the in-flight count is released.
    /// </summary>
    public void Abandon()
    {
        watermark.Abandon(offset);
        ledger.OutputDone();
    }
}
