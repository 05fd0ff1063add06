using Confluent.Kafka;
using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

public sealed class KafkaOptionsValidatorTests
{
    private static string Failures(KafkaOptions options) =>
        new KafkaOptionsValidator().Validate(null, options).FailureMessage ?? "";

    [Fact]
    public void Validate_Defaults_WithBootstrap_Succeed()
    {
        var result = new KafkaOptionsValidator().Validate(null, new KafkaOptions { BootstrapServers = "localhost:9092,10.0.0.2:9093" });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("", "Kafka:BootstrapServers is required")]
    [InlineData("localhost", "Kafka:BootstrapServers must be a comma-separated list of host:port")]
    [InlineData("localhost:99999", "Kafka:BootstrapServers must be")]
    public void Validate_BadBootstrap_NamesSetting(string servers, string expected) =>
        Assert.Contains(expected, Failures(new KafkaOptions { BootstrapServers = servers }), StringComparison.Ordinal);

    [Fact]
    public void Validate_CredentialsInBootstrap_RefusedWithoutEchoingThem()
    {
        var failures = Failures(new KafkaOptions { BootstrapServers = "kafka-1:9092,svc:hunter2@kafka-2:9092" });

        Assert.Contains("Kafka:BootstrapServers must not carry user:password@", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Kafka:InboundTopic is required")]
    [InlineData("  ", "Kafka:InboundTopic is required")]
    [InlineData("sms in", "Kafka:InboundTopic: 'sms in' is not a legal Kafka topic name")]
    [InlineData("notification.events", "Kafka:InboundTopic 'notification.events' must differ")]
    [InlineData("statusstream.dlq", "Kafka:InboundTopic 'statusstream.dlq' must differ")]
    public void Validate_BadInboundTopic_NamesTheSetting(string inbound, string expected) =>
        Assert.Contains(expected, Failures(new KafkaOptions { BootstrapServers = "h:1", InboundTopic = inbound }), StringComparison.Ordinal);

    [Fact]
    public void Validate_IllegalTopicName_NamesTopic() =>
        Assert.Contains("'bad topic!' is not a legal Kafka topic name",
            Failures(new KafkaOptions { BootstrapServers = "h:1", InputTopics = "ok,bad topic!" }), StringComparison.Ordinal);

    [Fact]
    public void Validate_DeadLetterTopicSameAsInput_Fails() =>
        Assert.Contains("must all differ",
            Failures(new KafkaOptions { BootstrapServers = "h:1", InputTopics = "a", DeadLetterTopic = "a" }), StringComparison.Ordinal);

    [Fact]
    public void Validate_EmptyInputTopics_Fails() =>
        Assert.Contains("Kafka:InputTopics needs at least one topic",
            Failures(new KafkaOptions { BootstrapServers = "h:1", InputTopics = " , " }), StringComparison.Ordinal);

    [Fact]
    public void Validate_SaslWithoutCredentials_NamesTheMissingSettings() =>
        Assert.Contains("Kafka:SaslUsername",
            Failures(new KafkaOptions { BootstrapServers = "h:1", SecurityProtocol = SecurityProtocol.SaslSsl }), StringComparison.Ordinal);

    [Fact]
    public void Validate_SaslPassword_NeverInMessage()
    {
        var message = Failures(new KafkaOptions
        {
            BootstrapServers = "", SecurityProtocol = SecurityProtocol.SaslSsl, SaslPassword = "hunter2-secret",
        });
        Assert.NotEmpty(message);
        Assert.DoesNotContain("hunter2-secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownClientProperty_NamesItsFullKey()
    {
        var options = new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["socket.keepalive.enable"] = "true", ["socket.keepalive.enabel"] = "true" } };
        var failures = Failures(options);
        Assert.Contains("Kafka:ClientProperties:socket.keepalive.enabel: librdkafka has no property", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("Kafka:ClientProperties:socket.keepalive.enable:", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusedClientPropertyValue_NamesKeyWithoutTheValue()
    {
        var failures = Failures(new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["sasl.oauthbearer.method"] = "hunter2-secret", ["socket.timeout.ms"] = "soon" } });
        Assert.Contains("Kafka:ClientProperties:sasl.oauthbearer.method:", failures, StringComparison.Ordinal);
        Assert.Contains("Kafka:ClientProperties:socket.timeout.ms:", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("soon", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enable.idempotence", "false", "the producer is idempotent with acks=all")]
    [InlineData("acks", "1", "the producer is idempotent with acks=all")]
    [InlineData("request.required.acks", "1", "the producer is idempotent with acks=all")]
    [InlineData("enable.auto.commit", "true", "StatusStream commits offsets itself")]
    [InlineData("Enable.Auto.Offset.Store", "true", "StatusStream commits offsets itself")]
    [InlineData("auto.offset.reset", "latest", "no event is skipped")]
    [InlineData("message.timeout.ms", "1000", "set Kafka:DeliveryTimeoutSeconds instead")]
    [InlineData("delivery.timeout.ms", "1000", "set Kafka:DeliveryTimeoutSeconds instead")]
    [InlineData("group.id", "other", "set Kafka:GroupId instead")]
    [InlineData("bootstrap.servers", "h:2", "set Kafka:BootstrapServers (or --bootstrap-servers) instead")]
    [InlineData("Metadata.Broker.List", "u:p@h:2", "set Kafka:BootstrapServers (or --bootstrap-servers) instead")]
    [InlineData("transactional.id", "tx-1", "the producer is not transactional")]
    [InlineData("dotnet.producer.delivery.report.fields", "all", "delivery reports decide what is acknowledged")]
    [InlineData("dotnet.producer.enable.delivery.reports", "false", "delivery reports decide what is acknowledged")]
    public void Validate_ClientPropertyStatusStreamSetsItself_RefusedNamingWhatToSetInstead(string property, string value, string why)
    {
        var failures = Failures(new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { [property] = value } });
        Assert.Contains($"Kafka:ClientProperties:{property}: StatusStream decides this one; ", failures, StringComparison.Ordinal);
        Assert.Contains(why, failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OwnedClientPropertyValue_NeverInMessage()
    {
        var failures = Failures(new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { ["transactional.id"] = "hunter2-secret" } });
        Assert.Contains("Kafka:ClientProperties:transactional.id: StatusStream decides this one", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SaslOAuthBearerFromClientProperties_Succeeds()
    {
        // A Kerberos or OAUTHBEARER set-up has no username and password: its connection properties come as entries.
        var result = new KafkaOptionsValidator().Validate(null, new KafkaOptions
        {
            BootstrapServers = "h:1",
            ClientProperties = { ["security.protocol"] = "SASL_SSL", ["sasl.mechanism"] = "OAUTHBEARER", ["sasl.oauthbearer.method"] = "oidc" },
        });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(SaslMechanism.OAuthBearer)]
    [InlineData(SaslMechanism.Gssapi)]
    public void Validate_SaslMechanismWithoutPassword_NeedsNoUsernameOrPassword(SaslMechanism mechanism)
    {
        var result = new KafkaOptionsValidator().Validate(null,
            new KafkaOptions { BootstrapServers = "h:1", SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = mechanism });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(SaslMechanism.Plain)]
    [InlineData(SaslMechanism.ScramSha512)]
    public void Validate_SaslMechanismWithPasswordMissingIt_NamesTheSettings(SaslMechanism mechanism) =>
        Assert.Contains($"Kafka:SaslMechanism {mechanism} needs Kafka:SaslUsername and Kafka:SaslPassword",
            Failures(new KafkaOptions { BootstrapServers = "h:1", SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = mechanism }),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("linger.ms", "20")]
    [InlineData("queue.buffering.max.ms", "20")]
    [InlineData("queue.buffering.max.messages", "500000")]
    [InlineData("statistics.interval.ms", "1000")]
    [InlineData("fetch.wait.max.ms", "10")]
    public void Validate_TuningClientProperty_Succeeds(string property, string value)
    {
        var result = new KafkaOptionsValidator().Validate(null, new KafkaOptions { BootstrapServers = "h:1", ClientProperties = { [property] = value } });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Validate_StartupTimeoutOutOfRange_NamesSetting(double seconds) =>
        Assert.Contains("Kafka:StartupTimeoutSeconds must be between 0 (wait forever) and 3600",
            Failures(new KafkaOptions { BootstrapServers = "h:1", StartupTimeoutSeconds = seconds }), StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public void Validate_StartupTimeoutZeroOrMinute_Succeeds(double seconds) =>
        Assert.True(new KafkaOptionsValidator().Validate(null, new KafkaOptions { BootstrapServers = "h:1", StartupTimeoutSeconds = seconds }).Succeeded);
}
