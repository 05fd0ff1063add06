using Microsoft.Extensions.Configuration;
using StatusStream.Embedded;
using StatusStream.Kafka;
using StatusStream.Subscriptions;

namespace StatusStream.Cli;

/// <summary>Starts librdkafka's in-process mock cluster with the project's topics, for `run --embedded`, `broker` and the demo.</summary>
internal static class EmbeddedClusterSetup
{
    /// <summary>
    /// Partitions of each project topic on the embedded cluster. The mock keeps at most
    /// <see cref="RetainedBytesPerPartition"/> per partition, so partitions are its only capacity:
    /// 16 of them hold about 80 MB of input, far more than a demo or a manual test produces
    /// (the mock auto-creates other topics with 4).
    /// </summary>
    public const int TopicPartitions = 16;

    /// <summary>What librdkafka's mock cluster keeps per partition before it silently drops the oldest data (rdkafka_mock.c).</summary>
    public const long RetainedBytesPerPartition = 5 * 1024 * 1024;

    public const int RetainedBatchesPerPartition = 100_000;

    private const string DefaultSubscriptionsTopic = "statusstream.subscriptions";

    /// <summary>
    /// The consumers' fetch wait on the embedded cluster (Kafka:ClientProperties:fetch.wait.max.ms, unless configured):
    /// librdkafka's mock broker does not answer a waiting fetch when data arrives, so with the client's default of
    /// 500 ms every status and retry waited out the long poll (p50 about 250 ms at a few hundred events/s against
    /// about 17 ms with this). A real broker answers as soon as data arrives: real-cluster defaults are left alone.
    /// </summary>
    public const string ShortFetchWaitMs = "10";

    private const string FetchWaitSetting = $"{KafkaOptions.SectionName}:{nameof(KafkaOptions.ClientProperties)}:fetch.wait.max.ms";

    /// <summary>
    /// Starts a cluster, creates the topics the configuration names, and points Kafka:BootstrapServers at it; the
    /// consumers get a short fetch wait unless one is configured (<see cref="ShortFetchWaitMs"/>).
    /// </summary>
    public static EmbeddedKafkaCluster StartFor(IConfigurationManager configuration, int brokers)
    {
        var kafka = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? new KafkaOptions();
        var cluster = EmbeddedKafkaCluster.Start(brokers);
        try
        {
            CreateProjectTopics(cluster, kafka, SubscriptionsTopic(configuration));
            var embedded = new Dictionary<string, string?>
            {
                [$"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}"] = cluster.BootstrapServers,
            };
            if (configuration[FetchWaitSetting] is null)
            {
                embedded[FetchWaitSetting] = ShortFetchWaitMs;
            }

            configuration.AddInMemoryCollection(embedded);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>The subscriptions topic the configuration names (Subscriptions:Topic), or the default.</summary>
    public static string SubscriptionsTopic(IConfiguration configuration) =>
        (configuration.GetSection(SubscriptionOptions.SectionName).Get<SubscriptionOptions>() ?? new SubscriptionOptions()).Topic;

    /// <param name="subscriptionsTopic">Created whether or not subscriptions are enabled (an empty topic costs nothing), so
    /// processors sharing one `broker` can switch them on.</param>
    public static IReadOnlyList<string> ProjectTopics(KafkaOptions kafka, string subscriptionsTopic = DefaultSubscriptionsTopic) =>
        kafka.ConsumedTopicList.Append(kafka.RetryTopic).Append(kafka.DeadLetterTopic).Append(kafka.OperationsTopic).Append(subscriptionsTopic).Distinct(StringComparer.Ordinal).ToList();

    public static void CreateProjectTopics(EmbeddedKafkaCluster cluster, KafkaOptions kafka, string subscriptionsTopic = DefaultSubscriptionsTopic)
    {
        foreach (var topic in ProjectTopics(kafka, subscriptionsTopic))
        {
            cluster.CreateTopic(topic, TopicPartitions, replicationFactor: Math.Min(3, cluster.BrokerCount));
        }
    }

    /// <summary>The one line `run --embedded` and `broker` print at start, so nobody mistakes the mock for a durable broker.</summary>
    /// <param name="topics">The topics created, with their partitions (a `broker --topic name:N` may change a project topic's).</param>
    public static string RetentionNotice(IEnumerable<(string Topic, int Partitions)> topics)
    {
        var megabytes = RetainedBytesPerPartition / (1024 * 1024);
        var byCount = topics.GroupBy(t => t.Partitions).OrderByDescending(g => g.Key)
            .Select(g => $"{string.Join(", ", g.Select(t => t.Topic))} {(g.Count() == 1 ? "has" : "have")} {g.Key} partition{(g.Key == 1 ? "" : "s")}"
                + $"{(g.Count() == 1 ? "" : " each")} (about {g.Key * megabytes} MB per topic)");
        return $"embedded cluster: each partition keeps at most {megabytes} MB or {RetainedBatchesPerPartition:N0} batches "
            + $"and silently drops older records; {string.Join("; ", byCount)}; a topic created on first use gets "
            + $"{EmbeddedKafkaCluster.AutoCreatedTopicPartitions} partitions. A consumer that falls further behind skips the lost records and logs a warning.";
    }

    /// <summary>The notice for the project topics as <see cref="CreateProjectTopics"/> makes them.</summary>
    public static string RetentionNotice(KafkaOptions kafka, string subscriptionsTopic = DefaultSubscriptionsTopic) =>
        RetentionNotice(ProjectTopics(kafka, subscriptionsTopic).Select(t => (t, TopicPartitions)));
}
