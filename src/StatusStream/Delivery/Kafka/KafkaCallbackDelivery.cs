using Confluent.Kafka;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Kafka;

/// <summary>
/// Produces a status to its caller's callback topic. Never blocks: the record is handed to the
/// shared producer and the delivery report decides what happens next (acknowledge, or report the
/// classified failure).
/// </summary>
internal sealed class KafkaCallbackDelivery(
    NonBlockingProducer producer,
    IDeliveryFailures failures,
    StatusStreamMetrics? metrics = null,
    StatusTracing? tracing = null) : ICallbackTransport
{
    public CallbackType Type => CallbackType.Kafka;

    public void Deliver(OutboundStatus outbound)
    {
        // With traces on, the record carries the attempt's span (same trace) instead of its parent's.
        var span = tracing?.StartAttempt("kafka", outbound.Callback.Target, outbound.Status.StatusId, outbound.Attempt.Number, outbound.TraceParent, makeCurrent: false);
        var message = StatusRecord.Build(span is null ? outbound : outbound with { TraceParent = span.Id });
        producer.Produce(outbound.Callback.Target, message, error =>
        {
            if (error.IsError)
            {
                StatusTracing.End(span, error.Code.ToString());
                failures.Failed(outbound, new DeliveryFailure(KafkaFailureClassifier.Classify(error), KafkaFailureClassifier.Describe(error)));
            }
            else
            {
                StatusTracing.End(span, null);
                metrics?.Delivered(CallbackType.Kafka, outbound.Attempt.Number, outbound.Origin.Timestamp);
                outbound.Acknowledge();
            }
        });
    }
}
