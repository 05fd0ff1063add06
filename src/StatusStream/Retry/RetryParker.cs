using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Delivery;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Telemetry;

namespace StatusStream.Retry;

/// <summary>
/// Parks a status on the retry topic for its next attempt. The status counts as handled once the
/// retry topic acknowledges it; if the retry topic refuses it, the host stops without committing
/// past it (it is read again after the restart: nothing is lost).
/// </summary>
internal sealed class RetryParker(
    IProducer<byte[], byte[]> producer,
    IOptions<KafkaOptions> kafkaOptions,
    PipelineFailures failures,
    ILogger<RetryParker> logger)
{
    private readonly string _topic = kafkaOptions.Value.RetryTopic;

    public void Park(OutboundStatus outbound, DeliveryAttempt next, DateTimeOffset dueAt)
    {
        Log.StatusParked(logger, outbound.Status.StatusId, next.Number, RetryRecord.Timestamp(dueAt), next.History.Attempts[^1].Error);
        var message = RetryRecord.Build(outbound, next, dueAt);
        void OnDelivered(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                failures.ReportFatal($"the retry topic '{_topic}' refused {outbound.Status.StatusId}: {report.Error.Code} {report.Error.Reason}");
                return;
            }

            outbound.Acknowledge();
        }

        try
        {
            producer.Produce(_topic, message, OnDelivered);
        }
        catch (ProduceException<byte[], byte[]> e)
        {
            failures.ReportFatal($"could not enqueue {outbound.Status.StatusId} for the retry topic '{_topic}': {e.Error.Code} {e.Error.Reason}");
        }
    }
}
