using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>
/// Builds librdkafka client configurations from <see cref="KafkaOptions"/>, so every client shares one security setup.
/// <c>Kafka:ClientProperties</c> are applied last: the ones StatusStream owns are refused at start
/// (<see cref="OwnedClientProperties"/>), so an entry that reaches a client is one it takes as given.
/// </summary>
internal static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaOptions options, int maxInFlightStatuses)
    {
        var config = new ProducerConfig(Common(options))
        {
            // Idempotence gives ordered, duplicate-free retries inside the client; acks=all follows from it.
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = (int)(options.DeliveryTimeoutSeconds * 1000),
            // Our own in-flight bound pauses intake long before the client's queue could fill up.
            QueueBufferingMaxMessages = Math.Max(100_000, 2 * maxInFlightStatuses),
            // Only the delivery report's status and offset are read; skip copying the rest back.
            DeliveryReportFields = "status",
        };
        return WithClientProperties(config, options);
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string groupId)
    {
        var config = new ConsumerConfig(Common(options))
        {
            GroupId = groupId,
            GroupProtocol = options.GroupProtocol,
            // Offsets are committed by the pipeline itself, only up to the acknowledged watermark.
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
        };
        if (options.GroupProtocol == GroupProtocol.Classic)
        {
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        }

        return WithClientProperties(config, options);
    }

    /// <summary>For metadata look-ups: the start-up gate, health, the subscriptions follower, the operator commands.</summary>
    /// <remarks>
    /// Never creates a topic by asking about it, whatever a Kafka:ClientProperties entry says (set after them: an
    /// entry for the producer and consumers still applies to them). An admin client is a producer underneath, and
    /// librdkafka lets a producer's metadata request create a missing topic on a broker with auto.create.topics.enable
    /// (Kafka's default): `status --input-topics tpyo` would have made a topic "tpyo", and a missing subscriptions
    /// topic would have come back uncompacted, with the broker's default retention deleting subscriptions after a week.
    /// </remarks>
    public static AdminClientConfig Admin(KafkaOptions options)
    {
        var config = WithClientProperties(new AdminClientConfig(Common(options)), options);
        config.AllowAutoCreateTopics = false;
        return config;
    }

    private static ClientConfig Common(KafkaOptions options)
    {
        var config = new ClientConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            SecurityProtocol = options.SecurityProtocol,
            SaslMechanism = options.SaslMechanism,
            SaslUsername = options.SaslUsername,
            SaslPassword = options.SaslPassword,
            SslCaLocation = options.SslCaLocation,
        };
        return config;
    }

    /// <summary>
    /// Last, so a tuning entry (<c>linger.ms</c>, or its alias <c>queue.buffering.max.ms</c>: librdkafka applies
    /// properties in the order they were set) wins over the value the client settings chose.
    /// </summary>
    private static TConfig WithClientProperties<TConfig>(TConfig config, KafkaOptions options)
        where TConfig : ClientConfig
    {
        foreach (var (key, value) in options.ClientProperties)
        {
            config.Set(key, value);
        }

        return config;
    }
}
