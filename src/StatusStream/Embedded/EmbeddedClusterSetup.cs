using Microsoft.Extensions.Configuration;
using StatusStream.Embedded;
using StatusStream.Kafka;
using StatusStream.Subscriptions;

namespace StatusStream.Embedded;

/// <summary>Starts librdkafka's in-process mock cluster with the project's topics, for `run --embedded`, `broker` and the demo.</summary>
internal static class EmbeddedClusterSetup
{
    /// <summary>Partitions of each project topic on the embedded cluster (the mock also auto-creates unknown topics with 4).</summary>
    public const int TopicPartitions = 4;

    private const string DefaultSubscriptionsTopic = "statusstream.subscriptions";

    /// <summary>Starts a cluster, creates the topics the configuration names, and points Kafka:BootstrapServers at it.</summary>
    public static EmbeddedKafkaCluster StartFor(IConfigurationManager configuration, int brokers)
    {
        var kafka = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? new KafkaOptions();
        var cluster = EmbeddedKafkaCluster.Start(brokers);
        try
        {
            var subscriptions = configuration.GetSection(SubscriptionOptions.SectionName).Get<SubscriptionOptions>() ?? new SubscriptionOptions();
            CreateProjectTopics(cluster, kafka, subscriptions.Topic);
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}"] = cluster.BootstrapServers,
            });
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <param name="subscriptionsTopic">Created whether or not subscriptions are enabled (an empty topic costs nothing), so
    /// processors sharing one `broker` can switch them on.</param>
    public static void CreateProjectTopics(EmbeddedKafkaCluster cluster, KafkaOptions kafka, string subscriptionsTopic = DefaultSubscriptionsTopic)
    {
        var topics = kafka.InputTopicList.Append(kafka.RetryTopic).Append(kafka.DeadLetterTopic).Append(subscriptionsTopic);
        foreach (var topic in topics.Distinct())
        {
            cluster.CreateTopic(topic, TopicPartitions, replicationFactor: Math.Min(3, cluster.BrokerCount));
        }
    }
}
