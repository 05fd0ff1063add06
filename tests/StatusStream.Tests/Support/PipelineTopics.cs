namespace StatusStream.Tests.Support;

/// <summary>A fresh set of topics and a group for one test's pipeline.</summary>
public sealed record PipelineTopics(string Input, string Retry, string DeadLetter, string GroupId)
{
    /// <summary>This test's inbound topic (Kafka:InboundTopic), so no two tests' hosts read each other's received messages.</summary>
    public string Inbound { get; init; } = TestKafka.Unique("inbound-");

    /// <summary>This test's operations topic (Kafka:OperationsTopic), so no test's endpoint states reach another's host.</summary>
    public string Operations { get; init; } = TestKafka.Unique("operations-");

    /// <summary>The input topic with the group that reads it, for <see cref="TopicReader.SettledAsync"/>.</summary>
    public (string GroupId, string Topic) InputRead => (GroupId, Input);

    /// <summary>The inbound topic with the group that reads it (the pipeline's own).</summary>
    public (string GroupId, string Topic) InboundRead => (GroupId, Inbound);

    /// <summary>The retry topic with the retry consumer's group (StatusStream.Pipeline.RetryConsumerService.RetryGroupId).</summary>
    public (string GroupId, string Topic) RetryRead => (GroupId + ".retry", Retry);

    public static PipelineTopics Create(TestKafka kafka, int inputPartitions = 4, int inboundPartitions = 2)
    {
        var topics = new PipelineTopics(
            TestKafka.Unique("events-"), TestKafka.Unique("retry-"), TestKafka.Unique("dlq-"), TestKafka.Unique("group-"));
        kafka.CreateTopic(topics.Input, inputPartitions);
        kafka.CreateTopic(topics.Retry, 4);
        kafka.CreateTopic(topics.DeadLetter, 2);
        kafka.CreateTopic(topics.Inbound, inboundPartitions);
        kafka.CreateTopic(topics.Operations, 2);
        return topics;
    }

    /// <summary>A fresh callback topic name of the form &lt;namespace&gt;.&lt;service&gt;-callback, created with some partitions.</summary>
    public static string CreateCallbackTopic(TestKafka kafka, int partitions = 3)
    {
        var topic = $"{TestKafka.Unique("ns")}.svc-callback";
        kafka.CreateTopic(topic, partitions);
        return topic;
    }
}
