using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.Retry;

/// <summary>
/// Parks a status on the retry topic for its next attempt. The status counts as handled once the
/// retry topic acknowledges it; while the retry topic refuses it, it is written again with backoff
/// and nothing is committed past it (<see cref="InternalTopicWriter"/>).
/// </summary>
internal sealed class RetryParker(
    InternalTopicWriter writer,
    DeadLetterPublisher deadLetters,
    IOptions<KafkaOptions> kafkaOptions,
    ILogger<RetryParker> logger,
    StatusStreamMetrics? metrics = null)
{
    public const string TooLargeToParkReason = "too-large-to-park";

    private readonly string _topic = kafkaOptions.Value.RetryTopic;
    private readonly string _group = kafkaOptions.Value.GroupId;

    /// <param name="why">What the log line says the status waits for; the last failed attempt's error when null.</param>
    public void Park(OutboundStatus outbound, DeliveryAttempt next, DateTimeOffset dueAt, string? why = null)
    {
        why ??= next.History.Attempts[^1].Error;
        var message = RetryRecord.Build(outbound, next, dueAt, _group);
        writer.Write(_topic, message, outbound.ItemId, () =>
        {
            // Logged once the retry topic has it, so the log never claims what did not happen.
            if (outbound.Status is null)
            {
                Log.InboundMessageParked(logger, outbound.ItemId, next.Number, RetryRecord.Timestamp(dueAt), why);
            }
            else
            {
                Log.StatusParked(logger, outbound.ItemId, next.Number, RetryRecord.Timestamp(dueAt), why);
            }
            metrics?.Parked(_topic);
            outbound.Acknowledge();
        }, tooLarge: _ =>
        {
            // Too large to park (the retry topic's limit is smaller than the callback's): kept on the dead-letter topic instead.
            deadLetters.PublishUndeliverable(outbound, TooLargeToParkReason, $"the retry topic '{_topic}' refused the record's size", next);
            return null;
        });
    }
}
