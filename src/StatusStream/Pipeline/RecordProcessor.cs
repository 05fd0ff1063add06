using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Delivery;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Retry;
using StatusStream.Routing;

namespace StatusStream.Pipeline;

/// <summary>
/// The path of one input record: decode and validate, expand into one status per recipient, route
/// each to its delivery. Every output is tracked against the record's offset before it is sent.
/// </summary>
internal sealed class RecordProcessor(
    FanOutAdmission admission,
    DeadLetterPublisher deadLetters,
    CallbackRouter router,
    OrderedDelivery ordered,
    IOptions<RetryOptions> retryOptions)
{
    public void Process(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger)
    {
        if (!admission.TryAdmit(record.Message.Value, out var notification, out var invalid))
        {
            deadLetters.PublishInvalidInput(record, invalid, ledger.Track(record.TopicPartitionOffset, outputs: 1));
            return;
        }

        var statuses = StatusExpander.Expand(notification);
        var acknowledgement = ledger.Track(record.TopicPartitionOffset, statuses.Length);
        var origin = InputOrigin.Of(record);
        var traceParent = record.Message.Headers?.TryGetLastBytes(StatusHeaders.TraceParent, out var trace) == true
            ? Encoding.UTF8.GetString(trace)
            : null;
        // Per-key order is kept by the input record's key (what its producer partitioned by), else by event_id.
        var orderingKey = retryOptions.Value.PolicyFor(notification.Callback.Target).OrderedKeys
            ? (record.Message.Key is { Length: > 0 } key ? Convert.ToBase64String(key) : notification.EventId.ToString("N"))
            : null;
        foreach (var status in statuses)
        {
            var outbound = new OutboundStatus(status, NotificationStatusJson.Serialize(status), notification.Callback, origin, traceParent, acknowledgement);
            if (orderingKey is null)
            {
                router.Route(outbound);
            }
            else
            {
                ordered.Submit(orderingKey, outbound);
            }
        }
    }
}
