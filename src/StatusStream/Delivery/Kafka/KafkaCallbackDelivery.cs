using Confluent.Kafka;
using StatusStream.Pipeline;

namespace StatusStream.Delivery.Kafka;

/// <summary>Produces a status to its caller's callback topic; the delivery report decides what happens next.</summary>
internal sealed class KafkaCallbackDelivery(
    IProducer<byte[], byte[]> producer,
    DeliveryFailureHandler failureHandler,
    PipelineFailures failures)
{
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(10);

    public void Deliver(OutboundStatus outbound)
    {
        var message = StatusMessage.Build(outbound);
        void OnDelivered(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                failureHandler.Handle(outbound, report.Error);
            }
            else
            {
                outbound.Acknowledge();
            }
        }

        while (true)
        {
            try
            {
                producer.Produce(outbound.Callback.Target, message, OnDelivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull && !failures.IsFatal)
            {
                // The in-flight bound normally pauses intake long before this; if the client's queue is
                // full anyway, wait for delivery reports to make room rather than fail the status.
                failures.Stopping.WaitHandle.WaitOne(QueueFullWait);
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                failureHandler.Handle(outbound, e.Error);
                return;
            }
        }
    }
}
