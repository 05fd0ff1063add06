using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StatusStream.Embedded;

namespace StatusStream.Tests.Support;

/// <summary>
/// The broker for integration tests: an embedded cluster per fixture, or, when
/// STATUSSTREAM_TEST_BOOTSTRAP is set, a real cluster (e.g. docker-compose.kafka.yml). Every test
/// uses topics and groups with a fresh random suffix, so tests never see each other's data.
/// </summary>
public sealed class TestKafka : IDisposable
{
    public const string RealClusterVariable = "STATUSSTREAM_TEST_BOOTSTRAP";

    public TestKafka() : this(brokers: 1)
    {
    }

    private TestKafka(int brokers)
    {
        var real = RealClusterBootstrap;
        if (real is null)
        {
            Embedded = EmbeddedKafkaCluster.Start(brokers);
            BootstrapServers = Embedded.BootstrapServers;
        }
        else
        {
            BootstrapServers = real;
        }
    }

    /// <summary>A cluster of several brokers (for broker-down tests); a real cluster is used as it is.</summary>
    public static TestKafka WithBrokers(int brokers) => new(brokers);

    public static string? RealClusterBootstrap =>
        Environment.GetEnvironmentVariable(RealClusterVariable) is { Length: > 0 } value ? value : null;

    public string BootstrapServers { get; }

    /// <summary>The embedded cluster, for fault injection; null on a real cluster.</summary>
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
