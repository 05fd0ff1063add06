using StatusStream.DeadLetters;
using StatusStream.Delivery;
using StatusStream.Delivery.Kafka;
using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>Sends each status to the delivery its event's callback asks for (seed 000: Kafka or webhook).</summary>
internal sealed class CallbackRouter(KafkaCallbackDelivery kafka, DeadLetterPublisher deadLetters)
{
    public const string WebhookUnavailableReason = "webhook-unavailable";

    public void Route(OutboundStatus outbound)
    {
        switch (outbound.Callback.Type)
        {
            case CallbackType.Kafka:
                kafka.Deliver(outbound);
                break;
            default:
                // Webhook delivery is its own feature; until it lands the status is kept, not dropped.
                deadLetters.PublishUndeliverable(outbound, WebhookUnavailableReason,
                    "webhook delivery is not available in this version; replay this dead letter once it is");
                break;
        }
    }
}
