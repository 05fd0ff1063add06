using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StatusStream.Kafka;

/// <summary>
/// Builds every Kafka client of the app (the pipeline's producer and consumers, the subscriptions follower, the probes,
/// the operator commands), each with <see cref="ClientLogPolicy"/>: none throws librdkafka's log lines away, and none
/// writes its own throttling. Configurations come from <see cref="KafkaClientConfigs"/>.
/// </summary>
/// <param name="logger">For clients whose owner has no logger of its own (the operator commands' readers).</param>
internal sealed class KafkaClientFactory(TimeProvider time, ILogger<KafkaClientFactory> logger)
{
    /// <summary>The owner's logging, or this factory's logger when the owner has none.</summary>
    public ClientLogging For(string client) => new(logger, client);

    public IProducer<byte[], byte[]> Producer(ProducerConfig config, ClientLogging logging)
    {
        var policy = Policy(logging);
        return new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => policy.OnError(error))
            .SetLogHandler((_, message) => policy.OnLog(message))
            .Build();
    }

    /// <summary>A consumer builder with the policy's handlers set: the owner adds its own (rebalance, statistics) and builds.</summary>
    /// <param name="builder">The seam for tests: a builder whose Build() returns a scripted consumer; null for the real one.</param>
    public ConsumerBuilder<byte[], byte[]> Consumer(ConsumerConfig config, ClientLogging logging,
        Func<ConsumerConfig, ConsumerBuilder<byte[], byte[]>>? builder = null)
    {
        var policy = Policy(logging);
        return (builder?.Invoke(config) ?? new ConsumerBuilder<byte[], byte[]>(config))
            .SetErrorHandler((_, error) => policy.OnError(error))
            .SetLogHandler((_, message) => policy.OnLog(message));
    }

    public IAdminClient Admin(AdminClientConfig config, ClientLogging logging)
    {
        var policy = Policy(logging);
        return new AdminClientBuilder(config)
            .SetErrorHandler((_, error) => policy.OnError(error))
            .SetLogHandler((_, message) => policy.OnLog(message))
            .Build();
    }

    private ClientLogPolicy Policy(ClientLogging logging) => new(logging, new ClientLogThrottle(time, ClientLogThrottle.DefaultWindow));
}
