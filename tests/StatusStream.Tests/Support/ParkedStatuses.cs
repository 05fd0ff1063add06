using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;

namespace StatusStream.Tests.Support;

/// <summary>Puts statuses straight onto a retry topic, as the processor parks them, with a chosen due time.</summary>
internal static class ParkedStatuses
{
    /// <param name="group">The Kafka:GroupId of the processor that is to deliver it; null for none, as `dlq replay` sends them.</param>
    /// <param name="callbackType">Kafka (then <paramref name="callbackTopic"/> is a topic) or Webhook (then it is a URL).</param>
    public static NotificationStatus Park(IProducer<byte[], byte[]> producer, string retryTopic, string callbackTopic, DateTimeOffset dueAt, int partition, string? group,
        CallbackType callbackType = CallbackType.Kafka)
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "email");
        var outbound = new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(callbackType, callbackTopic),
            new InputOrigin("events", 0, 0, dueAt), traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            new OffsetLedger().Track(new TopicPartitionOffset("events", 0, 0), 1));
        var failed = new AttemptRecord(1, dueAt, FailureClass.Transient, "kafka:Local_MsgTimedOut: test");
        var message = RetryRecord.Build(outbound, DeliveryAttempt.First.Failed(failed), dueAt, group ?? "");
        if (group is null)
        {
            message.Headers.Remove(RetryHeaders.Group);
        }

        producer.Produce(new TopicPartition(retryTopic, partition), message);
        return status;
    }
}
