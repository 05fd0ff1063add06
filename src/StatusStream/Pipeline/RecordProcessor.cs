using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>
/// The path of one input record: decode and validate, expand into one status per recipient,
/// resolve the targets, then hand every (status, target) pair to delivery. The outputs are counted
/// against the record's offset once the targets are known and before anything is sent. A record of the inbound
/// topic (Kafka:InboundTopic) is a received text message instead: read, one target, one output, the same delivery.
/// </summary>
internal sealed class RecordProcessor(
    FanOutAdmission admission,
    DeadLetterPublisher deadLetters,
    CallbackTargets targets,
    IStatusDelivery delivery,
    OrderedDelivery ordered,
    RetryPolicies retryPolicies,
    IOptions<KafkaOptions> kafkaOptions,
    InputTopicNamespaces namespaces,
    IOptions<IntakeOptions> intakeOptions,
    InputHeaderDrops? headerDrops = null,
    WireFormatInput? wireFormat = null,
    StatusTracing? tracing = null)
{
    private readonly string _inboundTopic = kafkaOptions.Value.InboundTopic.Trim();
    private readonly int _maxKeyBytes = intakeOptions.Value.MaxKeyBytes;

    public void Process(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger)
    {
        // Read once per record, before anything else: the only part of its headers that is ever carried forward.
        var trace = InputTraceContext.Read(record, headerDrops);
        if (record.Message.Key is { } key && key.Length > _maxKeyBytes)
        {
            DeadLetterInvalid(record, ledger, InvalidInput.KeyTooLarge(key.Length, _maxKeyBytes), trace);
            return;
        }

        if (string.Equals(record.Topic, _inboundTopic, StringComparison.Ordinal))
        {
            ProcessInboundMessage(record, ledger, trace);
            return;
        }

        if (!admission.TryAdmit(JsonOf(record), trace.HeaderBytes, out var notification, out var invalid))
        {
            DeadLetterInvalid(record, ledger, invalid, trace);
            return;
        }

        // The statuses are needed only while they are handed on (each output keeps its own): on the stack for a small
        // event, else in a pooled array.
        var buffer = default(SmallStatusBuffer);
        var statuses = SmallStatusBuffer.Room(ref buffer, notification.Recipients.Count, out var pooled);
        try
        {
            StatusExpander.Expand(notification, statuses);
            HandOn(record, ledger, notification, statuses, trace);
        }
        finally
        {
            SmallStatusBuffer.Release(pooled);
        }
    }

    private void HandOn(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger, NotificationEvent notification, ReadOnlySpan<NotificationStatus> statuses,
        InputTraceContext trace)
    {
        // Indexed, not foreach: the list is an interface, whose enumerator would be allocated for every event, twice.
        var inputNamespace = namespaces.Of(record.Topic);
        var resolved = targets.Resolve(notification, inputNamespace);
        var outputs = 0;
        for (var i = 0; i < resolved.Count; i++)
        {
            outputs += resolved[i].CountOf(statuses);
        }

        var acknowledgement = ledger.Track(record, outputs);
        var origin = InputOrigin.Of(record, inputNamespace);
        using var span = StartSpan(record, trace, out var traceParent);
        for (var i = 0; i < resolved.Count; i++)
        {
            var target = resolved[i];
            var orderingKey = OrderingKeyOf(target, record, notification.EventId);
            var taken = 0;
            foreach (var status in statuses)
            {
                if (!target.Takes(status, taken))
                {
                    continue;
                }

                taken++;

                // The JSON is made where it is needed: written into the callback record, or kept once a retry asks for it.
                var outbound = new OutboundStatus(status, payload: null, target.Callback, origin, traceParent, acknowledgement)
                {
                    TraceState = trace.TraceState,
                    Baggage = trace.Baggage,
                };
                if (target.Refusal is { } refusal)
                {
                    deadLetters.PublishUndeliverable(outbound, refusal.Reason, refusal.Detail);
                }
                else if (orderingKey is null)
                {
                    delivery.Deliver(outbound);
                }
                else
                {
                    ordered.Submit(orderingKey, outbound);
                }
            }
        }
    }

    /// <summary>A received text message: one output per target, through the same delivery, retry and dead-letter path as a status.</summary>
    private void ProcessInboundMessage(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger, InputTraceContext trace)
    {
        if (!InboundMessageReader.TryRead(JsonOf(record), out var message, out var invalid))
        {
            DeadLetterInvalid(record, ledger, invalid, trace);
            return;
        }

        // One output per target: its own callback, and any subscriptions to received messages.
        var inputNamespace = namespaces.Of(record.Topic);
        var resolved = targets.Resolve(message, inputNamespace);
        var acknowledgement = ledger.Track(record, resolved.Count);
        var origin = InputOrigin.Of(record, inputNamespace);
        var payload = InboundMessageJson.Serialize(message);
        using var span = StartSpan(record, trace, out var traceParent);
        for (var i = 0; i < resolved.Count; i++)
        {
            var target = resolved[i];
            var outbound = OutboundStatus.ForInboundMessage(message.Id, payload, target.Callback, origin, traceParent, acknowledgement,
                trace.TraceState, trace.Baggage);
            if (target.Refusal is { } refusal)
            {
                deadLetters.PublishUndeliverable(outbound, refusal.Reason, refusal.Detail);
            }
            else if (OrderingKeyOf(target, record, message.Id) is { } orderingKey)
            {
                ordered.Submit(orderingKey, outbound);
            }
            else
            {
                delivery.Deliver(outbound);
            }
        }
    }

    /// <summary>A record that cannot be read goes to the dead-letter topic; with traces on, its span says why (as an error).</summary>
    private void DeadLetterInvalid(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger, InvalidInput invalid, InputTraceContext trace)
    {
        using var span = StartSpan(record, trace, out _);
        span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, invalid.Code);
        deadLetters.PublishInvalidInput(record, invalid, trace, ledger.Track(record, outputs: 1));
    }

    private ReadOnlySpan<byte> JsonOf(ConsumeResult<byte[], byte[]> record) =>
        wireFormat is null ? record.Message.Value : wireFormat.JsonOf(record.Message.Value);

    /// <summary>
    /// With traces on, the outputs carry this record's span (same trace id): attempts and retries hang under it. Off, they
    /// carry the input's traceparent, which <see cref="InputTraceContext"/> already checked.
    /// </summary>
    private System.Diagnostics.Activity? StartSpan(ConsumeResult<byte[], byte[]> record, InputTraceContext trace, out string? traceParent)
    {
        var span = tracing?.StartRecord(record.Topic, record.Partition.Value, record.Offset.Value, trace.TraceParent, trace.TraceState);
        traceParent = span?.Id ?? trace.TraceParent;
        return span;
    }

    /// <summary>The per-key order a target's statuses keep (Retry decides it); none for a refused target, which is dead-lettered.</summary>
    private string? OrderingKeyOf(ResolvedTarget target, ConsumeResult<byte[], byte[]> record, Guid inputId) =>
        target.Refusal is null ? retryPolicies.OrderingKeyOf(target.Callback, record.Message.Key, inputId) : null;
}
