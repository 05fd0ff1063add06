using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>Wraps a consume loop's record handler so each record counts as consumed and its handling time is measured.</summary>
internal static class MeasuredHandler
{
    public static Action<ConsumeResult<byte[], byte[]>, OffsetLedger> Wrap(
        string loop, string group, Action<ConsumeResult<byte[], byte[]>, OffsetLedger> handle, StatusStreamMetrics metrics, TimeProvider time) =>
        (record, ledger) =>
        {
            metrics.Consumed(loop, record.Topic, group);
            var started = time.GetTimestamp();
            handle(record, ledger);
            metrics.Processed(loop, record.Topic, group, time.GetElapsedTime(started));
        };
}
