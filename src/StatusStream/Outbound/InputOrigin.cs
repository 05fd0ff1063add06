using Confluent.Kafka;

namespace StatusStream.Outbound;

/// <summary>Where a status came from: the input record, kept so dead letters and retries can name it.</summary>
internal sealed record InputOrigin(string Topic, int Partition, long Offset, DateTimeOffset Timestamp)
{
    public static InputOrigin Of<TKey, TValue>(ConsumeResult<TKey, TValue> record) =>
        new(record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Timestamp.UtcDateTime);
}
