using Confluent.Kafka;

namespace StatusStream.Tests.Support;

/// <summary>
/// What an absence check waits for. The pipeline commits a record only when every output of it is
/// acknowledged (callback, retry or dead-letter topic), so once a group's committed offsets reach
/// the end of the topics it reads, every output of those records is on the broker; once a
/// <see cref="TopicReader"/> has then read to the end of its topics, what it has not seen does not exist.
/// Checking "no dead letter" at one instant right after a delivery proves nothing: the dead letter
/// may arrive a moment later.
/// </summary>
public static class SettledWatermark
{
    /// <summary>Waits until <paramref name="groupId"/> has committed every record now on <paramref name="topic"/>.</summary>
    public static async Task CommittedAsync(TestKafka kafka, string groupId, string topic, TimeSpan deadline)
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p, p => probe.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        await Poll.UntilAsync(
            () => Behind(probe, ends).Count == 0,
            deadline,
            () => $"group {groupId} has not committed to the end of {topic}: {string.Join(", ", Behind(probe, ends))}");
    }

    private static List<string> Behind(IConsumer<byte[], byte[]> probe, Dictionary<TopicPartition, long> ends)
    {
        var committed = probe.Committed(ends.Keys, TimeSpan.FromSeconds(10));
        return committed
            .Where(c => ends[c.TopicPartition] > 0 && (c.Offset == Offset.Unset || c.Offset.Value < ends[c.TopicPartition]))
            .Select(c => $"[{c.Partition.Value}] committed {c.Offset}, end {ends[c.TopicPartition]}")
            .ToList();
    }
}
