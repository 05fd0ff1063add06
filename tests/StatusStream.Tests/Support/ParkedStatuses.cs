using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Delivery;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Retry;

namespace StatusStream.Tests.Support;

/// <summary>Puts statuses straight onto a retry topic, as the processor parks them, with a chosen due time.</summary>
internal static class ParkedStatuses
{
    public static NotificationStatus Park(IProducer<byte[], byte[]> producer, string retryTopic, string callbackTopic, DateTimeOffset dueAt, int partition)
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "email");
        var outbound = new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(CallbackType.Kafka, callbackTopic),
            new InputOrigin("events", 0, 0, dueAt), traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            new OffsetLedger().Track(new TopicPartitionOffset("events", 0, 0), 1));
        var failed = new AttemptRecord(1, dueAt, FailureClass.Transient, "kafka:Local_MsgTimedOut: test");
        var message = RetryRecord.Build(outbound, DeliveryAttempt.First.Failed(failed), dueAt);
        producer.Produce(new TopicPartition(retryTopic, partition), message);
        return status;
    }
}
