using Confluent.Kafka;
using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

public sealed class KafkaClientConfigsTests
{
    [Fact]
    public void Producer_LingerFromClientProperties_WinsOverTheDefault()
    {
        var config = KafkaClientConfigs.Producer(new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["linger.ms"] = "50" } }, 20_000);
        Assert.Equal(50, config.LingerMs);
    }

    [Fact]
    public void Producer_QueueBoundFromClientProperties_WinsOverTheDefault()
    {
        var config = KafkaClientConfigs.Producer(
            new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["queue.buffering.max.messages"] = "500000" } }, 20_000);
        Assert.Equal(500_000, config.QueueBufferingMaxMessages);
    }

    [Fact]
    public void Producer_LingerAlias_IsSetAfterTheDefault()
    {
        // librdkafka applies the properties in the order the client hands them over, so the later of two aliases wins.
        var config = KafkaClientConfigs.Producer(
            new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["queue.buffering.max.ms"] = "50" } }, 20_000);
        var keys = config.Select(p => p.Key).ToList();
        Assert.True(keys.IndexOf("queue.buffering.max.ms") > keys.IndexOf("linger.ms"), string.Join(", ", keys));
    }

    [Fact]
    public void Producer_WithoutClientProperties_KeepsItsDeliverySettings()
    {
        var config = KafkaClientConfigs.Producer(new KafkaOptions { BootstrapServers = "h:1" }, 20_000);
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(5, config.LingerMs);
        Assert.Equal(100_000, config.QueueBufferingMaxMessages);
        Assert.Equal("status", config.DeliveryReportFields);
    }

    [Fact]
    public void EveryPropertyTheClientsSet_IsRefusedAsAnEntryOrAnEntryWins()
    {
        // A property added to the client settings must be refused as an entry, or be one an entry may override: else an
        // operator's entry for it would be overwritten without a word.
        string[] anEntryWins =
        [
            "client.id", "security.protocol", "sasl.mechanism", "sasl.username", "sasl.password", "ssl.ca.location",
            "linger.ms", "queue.buffering.max.messages",
            // Wins on the producer and consumers; the admin clients keep false (Admin_AutoCreateEntry_AdminStillNeverCreatesTopics).
            "allow.auto.create.topics",
        ];
        var options = new KafkaOptions
        {
            BootstrapServers = "h:1", SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.ScramSha512,
            SaslUsername = "u", SaslPassword = "p", SslCaLocation = "/ca.pem",
        };
        var classic = new KafkaOptions { BootstrapServers = "h:1", GroupProtocol = GroupProtocol.Classic };
        var keys = KafkaClientConfigs.Producer(options, 20_000).Concat(KafkaClientConfigs.Consumer(options, "g"))
            .Concat(KafkaClientConfigs.Consumer(classic, "g")).Concat(KafkaClientConfigs.Admin(options)).Select(p => p.Key).Distinct().ToList();

        Assert.Contains("partition.assignment.strategy", keys);
        Assert.All(keys, key => Assert.True(OwnedClientProperties.WhyNot(key) is not null || anEntryWins.Contains(key),
            $"{key} is set by the client settings but neither refused as a Kafka:ClientProperties entry nor listed as one an entry overrides"));
    }

    [Fact]
    public void Admin_AutoCreateEntry_AdminStillNeverCreatesTopics_ProducerTakesIt()
    {
        var options = new KafkaOptions { BootstrapServers = "h:1", ClientProperties = new Dictionary<string, string> { ["allow.auto.create.topics"] = "true" } };

        Assert.False(KafkaClientConfigs.Admin(options).AllowAutoCreateTopics);
        Assert.True(KafkaClientConfigs.Producer(options, 20_000).AllowAutoCreateTopics);
    }

    [Fact]
    public void Producer_SecurityPropertyFromClientProperties_WinsOverTheSetting()
    {
        var config = KafkaClientConfigs.Producer(
            new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["client.id"] = "c2", ["sasl.mechanism"] = "OAUTHBEARER" } }, 20_000);
        Assert.Equal("c2", config.ClientId);
        Assert.Equal(SaslMechanism.OAuthBearer, config.SaslMechanism);
    }

    [Fact]
    public void Consumer_OtherClientProperty_Passes()
    {
        var config = KafkaClientConfigs.Consumer(new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["fetch.wait.max.ms"] = "10" } }, "g");
        Assert.Equal(10, config.FetchWaitMaxMs);
        Assert.False(config.EnableAutoCommit);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
    }

    [Fact]
    public void Admin_ClientProperty_Passes()
    {
        var config = KafkaClientConfigs.Admin(new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["socket.timeout.ms"] = "1234" } });
        Assert.Equal(1234, config.SocketTimeoutMs);
    }
}
