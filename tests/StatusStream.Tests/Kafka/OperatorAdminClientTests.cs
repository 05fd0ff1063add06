using Confluent.Kafka;
using Moq;
using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

/// <summary>
/// What the operator commands' admin client asks and says, against a fake client whose answers and timeouts the test
/// decides. The same cases against the embedded broker, from the command line: StatusCommandTests (a missing topic)
/// and StatusStreamCommandTests (no broker answers).
/// </summary>
public sealed class OperatorAdminClientTests
{
    private static readonly KafkaOptions Kafka = new() { BootstrapServers = "kafka-1:9092" };
    private static readonly BrokerMetadata Broker = new(1, "kafka-1", 9092);

    [Fact]
    public void Topic_FirstRequestWaitsTheConnectTimeout_LaterOnesTheDeadline()
    {
        var admin = new Mock<IAdminClient>();
        admin.Setup(a => a.GetMetadata(It.IsAny<string>(), It.IsAny<TimeSpan>()))
            .Returns((string topic, TimeSpan _) => new Metadata([Broker], [new TopicMetadata(topic, [], ErrorCode.NoError)], 1, "kafka-1"));
        using var client = new OperatorAdminClient(Kafka, TimeSpan.FromSeconds(3), admin.Object);

        client.Topic("a", "Kafka:InputTopics", TimeSpan.FromSeconds(60));
        client.Topic("b", "Kafka:RetryTopic", TimeSpan.FromSeconds(60));

        admin.Verify(a => a.GetMetadata("a", TimeSpan.FromSeconds(3)), Times.Once);
        admin.Verify(a => a.GetMetadata("b", TimeSpan.FromSeconds(60)), Times.Once);
    }

    [Fact]
    public void Topic_NoBrokerAnswers_NamesAddressSettingAndTimeout()
    {
        var admin = new Mock<IAdminClient>();
        admin.Setup(a => a.GetMetadata(It.IsAny<string>(), It.IsAny<TimeSpan>())).Throws(new KafkaException(ErrorCode.Local_Transport));
        using var client = new OperatorAdminClient(Kafka, TimeSpan.FromSeconds(2.5), admin.Object);

        var e = Assert.Throws<KafkaException>(() => client.Topic("statusstream.dlq", "Kafka:DeadLetterTopic", TimeSpan.FromSeconds(60)));

        Assert.Equal(ErrorCode.Local_Transport, e.Error.Code);
        Assert.StartsWith("no Kafka broker answered at kafka-1:9092 (Kafka:BootstrapServers) within 2.5 s (--connect-timeout): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Topic_DoesNotExist_NamesTopicAndSetting()
    {
        var admin = new Mock<IAdminClient>();
        admin.Setup(a => a.GetMetadata(It.IsAny<string>(), It.IsAny<TimeSpan>()))
            .Returns((string topic, TimeSpan _) => new Metadata([Broker], [new TopicMetadata(topic, [], ErrorCode.UnknownTopicOrPart)], 1, "kafka-1"));
        using var client = new OperatorAdminClient(Kafka, TimeSpan.FromSeconds(10), admin.Object);

        var e = Assert.Throws<KafkaException>(() => client.Topic("statusstream.dlk", "Kafka:DeadLetterTopic", TimeSpan.FromSeconds(60)));

        Assert.Equal("topic 'statusstream.dlk' (Kafka:DeadLetterTopic) does not exist on the cluster at kafka-1:9092", e.Message);
    }
}
