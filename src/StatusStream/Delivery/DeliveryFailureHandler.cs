using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Pipeline;

namespace StatusStream.Delivery;

/// <summary>
/// Decides where a status goes when its delivery failed. Until the retry ladder exists, every
/// non-fatal failure is dead-lettered with reason "delivery-failed" (kept for replay, never lost).
/// </summary>
internal sealed class DeliveryFailureHandler(DeadLetterPublisher deadLetters, PipelineFailures failures)
{
    public const string DeliveryFailedReason = "delivery-failed";

    public void Handle(OutboundStatus outbound, Error error)
    {
        if (error.IsFatal)
        {
            failures.ReportFatal($"the producer failed fatally delivering {outbound.Status.StatusId}: {error.Code} {error.Reason}");
            return;
        }

        deadLetters.PublishUndeliverable(outbound, DeliveryFailedReason, $"kafka:{error.Code}: {error.Reason}");
    }
}
