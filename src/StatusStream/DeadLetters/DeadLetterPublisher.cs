using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Commit;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.DeadLetters;

/// <summary>
/// Puts what can never be delivered on the dead-letter topic, with headers that say why and where it
/// came from. A record counts as handled only when the dead-letter topic acknowledges it; a transient
/// refusal is tried again (nothing is committed past it). One the topic refuses for its size is cut,
/// then made minimal (<see cref="DeadLetterCut"/>), and if even that is refused it is skipped with an
/// Error naming its position and a count, so that no input record can stop the host.
/// </summary>
/// <remarks>
/// Nothing of an input record's headers is copied but its trace context, checked at intake
/// (<see cref="InputTraceContext"/>): a statusstream.* header on an input record is the producer's word, not
/// StatusStream's. Details are escaped and bounded; a record of the inbound topic (received text messages) gets none
/// of its content in its detail or log line: only the reason and its position.
/// </remarks>
internal sealed partial class DeadLetterPublisher(
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
    /// <param name="trace">The record's trace context as intake read and checked it.</param>
    public void PublishInvalidInput(ConsumeResult<byte[], byte[]> record, InvalidInput invalid, InputTraceContext trace, OutputAcknowledgement acknowledgement) =>
        Publish(record, invalid.Code, invalid.Detail, trace, acknowledgement);

    /// <summary>A record that cannot be read (a damaged retry record): kept byte for byte, with the reason.</summary>
    public void PublishUnreadable(ConsumeResult<byte[], byte[]> record, string reason, string detail, OutputAcknowledgement acknowledgement) =>
        Publish(record, reason, detail, InputTraceContext.Read(record, drops: null), acknowledgement);

    private void Publish(ConsumeResult<byte[], byte[]> record, string reason, string detail, InputTraceContext trace, OutputAcknowledgement acknowledgement)
    {
        var headers = new Headers();
        // The checked trace context only. A record `dlq replay` sent back is linked to the dead letter it came from by
        // the replay marker on the dead-letter topic (ReplayChain), never by a header of the input record.
        if (trace.TraceParent is not null)
        {
            HeaderText.Add(headers, StatusHeaders.TraceParent, trace.TraceParent);
        }

        var inbound = record.Topic == _inboundTopic;
        var shown = inbound ? WithheldDetail(reason) : detail;
        AddFailure(headers, reason, shown, DeadLetterHeaders.StageIntake, InputOrigin.Of(record));
        var message = new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
        Produce(message, $"{record.TopicPartitionOffset}", reason, DeadLetterHeaders.StageIntake, () =>
        {
            Log.InputDeadLettered(logger, reason, record.Topic, record.Partition.Value, record.Offset.Value, Bounded(shown));
            metrics?.DeadLettered(_topic, reason, DeadLetterHeaders.StageIntake, inbound ? TelemetryTags.InboundMessageItem : TelemetryTags.StatusItem);
        }, acknowledgement.Acknowledge);
    }

    /// <summary>
    /// The detail of a record of the inbound topic: what kind of problem, never what the reader saw (the text, the
    /// numbers and the property names of a received message are personal data, and a parser's message quotes them).
    /// </summary>
    private static string WithheldDetail(string reason) =>
        $"{reason}; the details are not shown because received text messages are personal data: read the record at its original position";

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
        headers.Add(RetryHeaders.Group, Utf8(_group));
        if (attempts is { History.Attempts.Count: > 0 })
        {
            var last = attempts.History.Attempts[^1];
            headers.Add(DeadLetterHeaders.Attempts, Utf8(attempts.History.TotalAttempts.ToString(CultureInfo.InvariantCulture)));
            headers.Add(FailureHeaders.FirstFailureAt, Utf8(FailureHeaders.Timestamp(attempts.FirstFailureAt ?? last.At)));
            headers.Add(FailureHeaders.ErrorClass, Utf8(FailureClassNames.Name(last.Class)));
            headers.Add(FailureHeaders.ErrorMessage, Utf8(last.Error));
            headers.Add(FailureHeaders.History, Utf8(attempts.History.ToHeaderValue()));
        }

        Produce(message, outbound.ItemId, reason, DeadLetterHeaders.StageDelivery, () =>
        {
            // Logged after the acknowledgement, so the log never says "dead-lettered" for a record that was not.
            if (outbound.Status is null)
            {
                Log.InboundMessageDeadLettered(logger, reason, outbound.ItemId, outbound.Callback.Type, Bounded(detail));
            }
            else
            {
                Log.StatusDeadLettered(logger, reason, outbound.ItemId, outbound.Callback.Type, Bounded(detail));
            }
            metrics?.DeadLettered(_topic, reason, DeadLetterHeaders.StageDelivery, outbound.KindTag);
        }, outbound.Acknowledge);
    }

    /// <summary>
    /// Written until the topic takes it (see <see cref="InternalTopicWriter"/>); if it is too large, cut, then made minimal
    /// (<see cref="DeadLetterCut.Smaller"/>), then skipped. The log line comes only after the topic has it; the
    /// acknowledgement then, or when it is skipped.
    /// </summary>
    private void Produce(Message<byte[], byte[]> message, string what, string reason, string stage, Action logged, Action acknowledge) =>
        writer.Write(_topic, message, what, () =>
        {
            logged();
            acknowledge();
        }, refused =>
        {
            if (DeadLetterCut.Smaller(refused) is { } smaller)
            {
                return smaller;
            }

            // Nothing smaller is left to write. Stopping would crash-loop on the same record; holding it would stop its
            // partition for good. So it is counted, logged with its position (the input record is still on its topic
            // until retention), and committed past.
            SkippedLog(logger, what, reason, stage, _topic);
            metrics?.DeadLetterSkipped(reason, stage);
            acknowledge();
            return null;
        });

    private void AddFailure(Headers headers, string reason, string detail, string stage, InputOrigin origin)
    {
        headers.Add(DeadLetterHeaders.Reason, Utf8(reason));
        headers.Add(DeadLetterHeaders.Detail, Utf8(Bounded(detail)));
        headers.Add(DeadLetterHeaders.Stage, Utf8(stage));
        OriginHeaders.Write(headers, origin);
        headers.Add(DeadLetterHeaders.DeadLetteredAt, Utf8(time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
    }

    /// <summary>A detail as headers and logs take it: non-printable characters escaped, at most <see cref="MaxDetailLength"/> characters.</summary>
    private static string Bounded(string detail) => DetailText.Printable(detail, MaxDetailLength);

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error,
        Message = "The dead-letter topic {Topic} refused {What} ({Reason}, stage {Stage}) even as a minimal dead letter without key or value: "
            + "SKIPPED, and committed past. The input record is still at that position until its topic's retention ends; raise the dead-letter topic's max.message.bytes")]
    private static partial void SkippedLog(ILogger logger, string what, string reason, string stage, string topic);
}
