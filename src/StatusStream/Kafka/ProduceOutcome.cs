using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>
/// What happens when one produced record is settled: <see cref="Completed"/> gets <see cref="ErrorCode.NoError"/> when the
/// broker acknowledged it, else the error. A subclass per caller carries its own state, so a produce costs one small
/// object and one delegate instead of a closure per layer (the callback path produces one record per status).
/// </summary>
internal abstract class ProduceOutcome
{
    public abstract void Completed(Error error);

    /// <summary>The client's delivery handler; bound once per record, on this object.</summary>
    internal void OnDeliveryReport(DeliveryReport<byte[], byte[]> report) => Completed(report.Error);
}
