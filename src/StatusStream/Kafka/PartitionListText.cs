using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>Partitions as a log line shows them: "notification.events[0,1,15], statusstream.retry[3]".</summary>
/// <remarks>The client's own <c>TopicPartition.ToString</c> gives "statusstream.retry [[3]]", one entry per partition.</remarks>
internal static class PartitionListText
{
    public static string Of(IEnumerable<TopicPartition> partitions) => string.Join(", ", partitions
        .GroupBy(p => p.Topic, StringComparer.Ordinal)
        .OrderBy(topic => topic.Key, StringComparer.Ordinal)
        .Select(topic => $"{topic.Key}[{string.Join(',', topic.Select(p => p.Partition.Value).Order())}]"));
}
