using System.Text;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>
/// The path of one input record: decode and validate, expand into one status per recipient,
/// resolve the targets, then hand every (status, target) pair to delivery. The outputs are counted
/// against the record's offset once the targets are known and before anything is sent.
/// </summary>
internal sealed class RecordProcessor(
    FanOutAdmission admission,
    DeadLetterPublisher deadLetters,
    CallbackTargets targets,
    IStatusDelivery delivery,
    OrderedDelivery ordered,
    RetryPolicies retryPolicies,
    WireFormatInput? wireFormat = null,
    StatusTracing? tracing = null)
{
    public void Process(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger)
    {
        if (!admission.TryAdmit(wireFormat is null ? record.Message.Value : wireFormat.JsonOf(record.Message.Value), out var notification, out var invalid))
        {
            deadLetters.PublishInvalidInput(record, invalid, ledger.Track(record.TopicPartitionOffset, outputs: 1));
            return;
        }

        var statuses = StatusExpander.Expand(notification);
        var resolved = targets.Resolve(notification);
        var outputs = 0;
        foreach (var target in resolved)
        {
            outputs += target.CountOf(statuses);
        }

        var acknowledgement = ledger.Track(record.TopicPartitionOffset, outputs);
        var origin = InputOrigin.Of(record);
        var inputTraceParent = record.Message.Headers?.TryGetLastBytes(StatusHeaders.TraceParent, out var trace) == true
            ? Encoding.UTF8.GetString(trace)
            : null;
        // With traces on, the outputs carry this record's span (same trace id): attempts and retries hang under it.
        using var span = tracing?.StartRecord(record.Topic, record.Partition.Value, record.Offset.Value, inputTraceParent);
        var traceParent = span?.Id ?? inputTraceParent;
        foreach (var target in resolved)
        {
            // Per-key order is kept by the target's own scope (one webhook endpoint), else by the input
            // record's key (what its producer partitioned by), else by event_id.
            var policy = target.Refusal is null ? retryPolicies.For(target.Callback) : null;
            var orderingKey = policy is { OrderedKeys: true }
                ? policy.OrderScope ?? (record.Message.Key is { Length: > 0 } key ? Convert.ToBase64String(key) : notification.EventId.ToString("N"))
                : null;
            var taken = 0;
            foreach (var status in statuses)
            {
                if (!target.Takes(status, taken))
                {
                    continue;
                }

                taken++;
                var outbound = new OutboundStatus(status, NotificationStatusJson.Serialize(status), target.Callback, origin, traceParent, acknowledgement);
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
}
