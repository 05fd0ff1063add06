using Confluent.Kafka;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Delivery.Kafka;

/// <summary>
/// Produces a status to its caller's callback topic. Never blocks: the record is handed to the
/// shared producer and the delivery report decides what happens next (acknowledge, or report the
/// classified failure).
/// </summary>
internal sealed class KafkaCallbackDelivery(NonBlockingProducer producer, IDeliveryFailures failures) : ICallbackTransport
{
    public CallbackType Type => CallbackType.Kafka;

    public void Deliver(OutboundStatus outbound) =>
        producer.Produce(outbound.Callback.Target, StatusRecord.Build(outbound), new CallbackOutcome(outbound, failures));

    /// <summary>The one object a produced status carries to its delivery report (see <see cref="ProduceOutcome"/>).</summary>
    private sealed class CallbackOutcome(OutboundStatus outbound, IDeliveryFailures failures) : ProduceOutcome
    {
        public override void Completed(Error error)
        {
            if (error.IsError)
            {
                failures.Failed(outbound, new DeliveryFailure(KafkaFailureClassifier.Classify(error), KafkaFailureClassifier.Describe(error)));
            }
            else
            {
                outbound.Acknowledge();
            }
        }
    }
}
