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
}
