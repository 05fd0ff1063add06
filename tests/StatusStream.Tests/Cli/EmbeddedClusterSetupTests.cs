using Microsoft.Extensions.Configuration;
using StatusStream.Cli;
using StatusStream.Kafka;

namespace StatusStream.Tests.Cli;

public sealed class EmbeddedClusterSetupTests
{
    private const string FetchWait = "Kafka:ClientProperties:fetch.wait.max.ms";

    [Fact]
    public void StartFor_NoFetchWaitConfigured_ConsumersGetTheShortOne()
    {
        var configuration = new ConfigurationManager();
        using var cluster = EmbeddedClusterSetup.StartFor(configuration, brokers: 1);

        var kafka = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>()!;
        Assert.Equal(cluster.BootstrapServers, kafka.BootstrapServers);
        Assert.Equal(10, KafkaClientConfigs.Consumer(kafka, "g").FetchWaitMaxMs);
    }

    [Fact]
    public void StartFor_FetchWaitConfigured_KeepsIt()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { [FetchWait] = "250" });
        using var cluster = EmbeddedClusterSetup.StartFor(configuration, brokers: 1);

        var kafka = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>()!;
        Assert.Equal(250, KafkaClientConfigs.Consumer(kafka, "g").FetchWaitMaxMs);
    }

    [Fact]
    public void Consumer_RealCluster_KeepsTheClientsFetchWait() =>
        // Only the embedded cluster gets the short wait: a real broker answers a waiting fetch when data arrives.
        Assert.Null(KafkaClientConfigs.Consumer(new KafkaOptions { BootstrapServers = "h:1" }, "g").FetchWaitMaxMs);
}
