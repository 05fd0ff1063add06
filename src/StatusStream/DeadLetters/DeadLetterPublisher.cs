using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Commit;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.DeadLetters;

/// <summary>
/// Puts what can never be delivered on the dead-letter topic, with headers that say why and where it
/// came from. A record counts as handled only when the dead-letter topic acknowledges it; if even
/// that fails, the pipeline stops without committing past it (nothing is lost, it is read again).
/// </summary>
internal sealed class DeadLetterPublisher(
    InternalTopicWriter writer,
    IOptions<KafkaOptions> kafkaOptions,
    TimeProvider time,
    ILogger<DeadLetterPublisher> logger,
    StatusStreamMetrics? metrics = null)
{
    private const int MaxDetailLength = 500;
    private readonly string _topic = kafkaOptions.Value.DeadLetterTopic;
    private readonly string _inboundTopic = kafkaOptions.Value.InboundTopic.Trim();
    private readonly string _group = kafkaOptions.Value.GroupId;

    /// <summary>An input record that can never be processed: the original bytes go to the dead-letter topic as they were.</summary>
    public void PublishInvalidInput(ConsumeResult<byte[], byte[]> record, InvalidInput invalid, OutputAcknowledgement acknowledgement) =>
        PublishUnreadable(record, invalid.Code, invalid.Detail, acknowledgement);

    /// <summary>A record that cannot be read (bad input, a damaged retry record): kept byte for byte, with the reason.</summary>
    public void PublishUnreadable(ConsumeResult<byte[], byte[]> record, string reason, string detail, OutputAcknowledgement acknowledgement)
    {
        var headers = new Headers();
        CopyTraceParent(record.Message.Headers, headers);
        // A record `dlq replay` sent back keeps naming the dead letter it came from, so a replay that
        // failed again joins that dead letter's chain instead of looking new (replayed once, not forever).
        if (record.Message.Headers?.TryGetLastBytes(DeadLetterHeaders.ReplayOf, out var replayOf) == true)
        {
            headers.Add(DeadLetterHeaders.ReplayOf, replayOf);
        }

        AddFailure(headers, reason, detail, DeadLetterHeaders.StageIntake, InputOrigin.Of(record));
        var message = new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
        Produce(message, $"{record.TopicPartitionOffset}", () =>
        {
            Log.InputDeadLettered(logger, reason, record.Topic, record.Partition.Value, record.Offset.Value, detail);
            metrics?.DeadLettered(_topic, reason, DeadLetterHeaders.StageIntake,
                record.Topic == _inboundTopic ? TelemetryTags.InboundMessageItem : TelemetryTags.StatusItem);
            acknowledgement.Acknowledge();
        });
    }

    /// <summary>
    /// One status that will not be delivered: the status itself goes to the dead-letter topic, with
    /// the history of its attempts when it had any (<paramref name="attempts"/> includes the last failure).
    /// </summary>
    public void PublishUndeliverable(OutboundStatus outbound, string reason, string detail, DeliveryAttempt? attempts = null)
    {
        var message = OutboundRecord.Build(outbound);
        var headers = message.Headers;
        AddFailure(headers, reason, detail, DeadLetterHeaders.StageDelivery, outbound.Origin);
        headers.Add(DeadLetterHeaders.TargetType, Utf8(outbound.Callback.Type == CallbackType.Kafka ? "kafka" : "webhook"));
        var shown = outbound.Callback.DisplayTarget;
        headers.Add(DeadLetterHeaders.Target, Utf8(shown));
        if (!string.Equals(shown, outbound.Callback.Target, StringComparison.Ordinal))
        {
            headers.Add(DeadLetterHeaders.TargetRedacted, Utf8("true"));
        }

        StatusDetailsHeader.Write(headers, outbound.Details);
        OutboundRecord.WriteKind(headers, outbound);
        // The group that gave up: a replay is delivered by it (or a group that names it a former id), not by every group on the retry topic.
        headers.Add(Retry.RetryHeaders.Group, Utf8(_group));
        if (attempts is { History.Attempts.Count: > 0 })
        {
            var last = attempts.History.Attempts[^1];
            headers.Add(DeadLetterHeaders.Attempts, Utf8(attempts.History.TotalAttempts.ToString(CultureInfo.InvariantCulture)));
            headers.Add(FailureHeaders.FirstFailureAt, Utf8(FailureHeaders.Timestamp(attempts.FirstFailureAt ?? last.At)));
            headers.Add(FailureHeaders.ErrorClass, Utf8(FailureClassNames.Name(last.Class)));
            headers.Add(FailureHeaders.ErrorMessage, Utf8(last.Error));
            headers.Add(FailureHeaders.History, Utf8(attempts.History.ToHeaderValue()));
        }

        Produce(message, outbound.ItemId, () =>
        {
            // Logged after the acknowledgement, so the log never says "dead-lettered" for a record that was not.
            if (outbound.Status is null)
            {
                Log.InboundMessageDeadLettered(logger, reason, outbound.ItemId, outbound.Callback.Type, detail);
            }
            else
            {
                Log.StatusDeadLettered(logger, reason, outbound.ItemId, outbound.Callback.Type, detail);
            }
            metrics?.DeadLettered(_topic, reason, DeadLetterHeaders.StageDelivery, outbound.KindTag);
            outbound.Acknowledge();
        });
    }

    /// <summary>
    /// Written until the topic takes it (see <see cref="InternalTopicWriter"/>); cut to fit if it is too large.
    /// The log line and the acknowledgement come only after the topic has it.
    /// </summary>
    private void Produce(Message<byte[], byte[]> message, string what, Action acknowledged) =>
        writer.Write(_topic, message, what, acknowledged, DeadLetterCut.ToFit);

    private void AddFailure(Headers headers, string reason, string detail, string stage, InputOrigin origin)
    {
        headers.Add(DeadLetterHeaders.Reason, Utf8(reason));
        headers.Add(DeadLetterHeaders.Detail, Utf8(detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail));
        headers.Add(DeadLetterHeaders.Stage, Utf8(stage));
        OriginHeaders.Write(headers, origin);
        headers.Add(DeadLetterHeaders.DeadLetteredAt, Utf8(time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
    }

    private static void CopyTraceParent(Headers? from, Headers to)
    {
        if (from is not null && from.TryGetLastBytes(StatusHeaders.TraceParent, out var value))
        {
            to.Add(StatusHeaders.TraceParent, value);
        }
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
