using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.Retry;

/// <summary>
/// Parks a status on the retry topic for its next attempt. The status counts as handled once the
/// retry topic acknowledges it; if the retry topic refuses it, the host stops without committing
/// past it (it is read again after the restart: nothing is lost).
/// </summary>
internal sealed class RetryParker(
    NonBlockingProducer producer,
    IOptions<KafkaOptions> kafkaOptions,
    PipelineFailures failures,
    ILogger<RetryParker> logger,
    StatusStreamMetrics? metrics = null)
{
    private readonly string _topic = kafkaOptions.Value.RetryTopic;

    public void Park(OutboundStatus outbound, DeliveryAttempt next, DateTimeOffset dueAt)
    {
        var message = RetryRecord.Build(outbound, next, dueAt);
        producer.Produce(_topic, message, error =>
        {
            if (error.IsError)
            {
                failures.ReportFatal($"the retry topic '{_topic}' refused {outbound.Status.StatusId}: {error.Code} {error.Reason}");
                return;
            }

            // Logged once the retry topic has it, so the log never claims what did not happen.
            Log.StatusParked(logger, outbound.Status.StatusId, next.Number, RetryRecord.Timestamp(dueAt), next.History.Attempts[^1].Error);
            metrics?.Parked(_topic);
            outbound.Acknowledge();
        });
    }
}
