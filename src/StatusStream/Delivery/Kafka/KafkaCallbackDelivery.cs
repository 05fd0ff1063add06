using Confluent.Kafka;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Delivery.Kafka;

/// <summary>
/// Produces a status to its caller's callback topic. Never blocks: the record is handed to the
/// shared producer and the delivery report decides what happens next (acknowledge, or report the
/// classified failure). <paramref name="successes"/> is only registered when a feature wants to hear of them.
/// </summary>
internal sealed class KafkaCallbackDelivery(NonBlockingProducer producer, IDeliveryFailures failures, IDeliverySuccesses? successes = null) : ICallbackTransport
{
    public CallbackType Type => CallbackType.Kafka;

    public void Deliver(OutboundStatus outbound) =>
        producer.Produce(outbound.Callback.Target, StatusRecord.Build(outbound), error =>
        {
            if (error.IsError)
            {
                failures.Failed(outbound, new DeliveryFailure(KafkaFailureClassifier.Classify(error), KafkaFailureClassifier.Describe(error)));
            }
            else
            {
                successes?.Delivered(outbound);
                outbound.Acknowledge();
            }
        });
}
