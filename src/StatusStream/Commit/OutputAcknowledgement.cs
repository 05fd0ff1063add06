namespace StatusStream.Commit;

/// <summary>Acknowledges the outputs of one consumed record, one call per output.</summary>
internal sealed class OutputAcknowledgement(OffsetLedger ledger, PartitionWatermark watermark, PendingRecord record)
{
    public long Offset => record.Offset;

    public void Acknowledge()
    {
        watermark.Acknowledge(record);
        ledger.OutputDone();
    }

    /// <summary>
    /// Gives an output up without acknowledging it (a held retry whose partition was revoked): the
    /// watermark stays before it, so it is read again; only the in-flight count is released.
    /// </summary>
    public void Abandon()
    {
        watermark.Abandon(record);
        ledger.OutputDone();
    }
}
