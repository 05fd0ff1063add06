using Confluent.Kafka;
using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

public sealed class PartitionListTextTests
{
    [Fact]
    public void Of_GroupsByTopicInOrder_PartitionsAscending()
    {
        var partitions = new[]
        {
            new TopicPartition("statusstream.retry", 15), new TopicPartition("notification.events", 2),
            new TopicPartition("statusstream.retry", 3), new TopicPartition("notification.events", 10),
        };

        Assert.Equal("notification.events[2,10], statusstream.retry[3,15]", PartitionListText.Of(partitions));
    }

    [Fact]
    public void Of_None_Empty() => Assert.Equal("", PartitionListText.Of([]));
}
