using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StatusStream.Embedded;

namespace StatusStream.Tests.Support;

/// <summary>
/// The broker for integration tests, chosen once per run by the test variables (docs/real-cluster.md): an embedded cluster per fixture (default); a running cluster named by
/// STATUSSTREAM_TEST_BOOTSTRAP; or, with STATUSSTREAM_TEST_KAFKA=container, one Apache Kafka
/// container for the whole run, started by Testcontainers. Every test uses topics and groups with a
/// fresh random suffix, so tests never see each other's data on a shared broker.
/// </summary>
public sealed class TestKafka : IDisposable
{
    /// <summary>Kept for callers that name the variable; <see cref="TestKafkaModeSelection.BootstrapVariable"/>.</summary>
    public const string RealClusterVariable = TestKafkaModeSelection.BootstrapVariable;

    public TestKafka() : this(brokers: 1)
    {
    }

    private TestKafka(int brokers)
    {
        Mode = TestKafkaModeSelection.Mode;
        switch (Mode)
        {
            case TestKafkaMode.Embedded:
                Embedded = EmbeddedKafkaCluster.Start(brokers);
                BootstrapServers = Embedded.BootstrapServers;
                break;
            case TestKafkaMode.External:
                BootstrapServers = TestKafkaModeSelection.ExternalBootstrap!;
                break;
            default:
                BootstrapServers = KafkaTestContainer.SharedBootstrapServers();
                break;
        }
    }

    /// <summary>A cluster of several brokers (for broker-down tests); a real cluster is used as it is.</summary>
    public static TestKafka WithBrokers(int brokers) => new(brokers);

    /// <summary>The bootstrap of a real cluster (external mode), else null.</summary>
    public static string? RealClusterBootstrap => TestKafkaModeSelection.ExternalBootstrap;

    public TestKafkaMode Mode { get; }

    public string BootstrapServers { get; }

    /// <summary>The embedded cluster, for fault injection; null on a real broker (tests that need it are <see cref="EmbeddedOnlyFactAttribute"/>).</summary>
    public EmbeddedKafkaCluster? Embedded { get; }

    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..10]}";

    public void CreateTopic(string name, int partitions)
    {
        if (Embedded is not null)
        {
            Embedded.CreateTopic(name, partitions);
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1 }])
            .GetAwaiter().GetResult();
    }

    public IProducer<byte[], byte[]> CreateProducer() =>
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, EnableIdempotence = true, LingerMs = 2 }).Build();

    public void Dispose() => Embedded?.Dispose();
}
