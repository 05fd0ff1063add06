using DotNet.Testcontainers.Builders;
using Testcontainers.Kafka;

namespace StatusStream.Tests.Support;

/// <summary>
/// A real Apache Kafka (KRaft) in a container, started by Testcontainers for the container mode:
/// one per test run, shared by every fixture (each test uses its own random topics and groups), and
/// removed by Testcontainers' resource reaper when the run ends. Without a Docker engine it fails at
/// once with one line instead of waiting or falling back to the embedded cluster.
/// </summary>
internal static class KafkaTestContainer
{
    /// <summary>The same image as docker-compose.kafka.yml; STATUSSTREAM_TEST_KAFKA_IMAGE overrides it.</summary>
    public const string DefaultImage = "apache/kafka:4.1.0";

    public const string ImageVariable = "STATUSSTREAM_TEST_KAFKA_IMAGE";

    /// <summary>Pulling the image on a cold machine is the slow part; past this something is wrong.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    // Lazy caches a failure as well: after the first fixture finds no engine, every other one fails at once.
    // Started on the thread pool: fixtures wait for it synchronously, and xunit's synchronization
    // context has only as many threads as maxParallelThreads, which waiting fixtures could all hold.
    private static readonly Lazy<Task<KafkaContainer>> Shared = new(() => Task.Run(() => StartAsync(Image, dockerEndpoint: null)));

    public static string Image => Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : DefaultImage;

    /// <summary>The bootstrap address of the run's shared container, started on first use.</summary>
    public static string SharedBootstrapServers()
    {
        var container = Shared.Value.GetAwaiter().GetResult();
        return container.GetBootstrapAddress();
    }

    /// <summary>
    /// Starts a Kafka container. <paramref name="dockerEndpoint"/> null lets Testcontainers discover
    /// the engine as it does for the suite; a test passes an endpoint to prove the failure path.
    /// </summary>
    public static async Task<KafkaContainer> StartAsync(string image, string? dockerEndpoint)
    {
        KafkaContainer? container = null;
        try
        {
            var builder = new KafkaBuilder(image)
                // As docker-compose.kafka.yml: KIP-848 groups (the processor's default) move partitions within a second.
                .WithEnvironment("KAFKA_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000")
                .WithEnvironment("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            if (dockerEndpoint is not null)
            {
                builder = builder.WithDockerEndpoint(dockerEndpoint);
            }

            container = builder.Build();
            using var timeout = new CancellationTokenSource(StartTimeout);
            await container.StartAsync(timeout.Token);
            return container;
        }
        catch (Exception e) when (e is not TestKafkaUnavailableException)
        {
            if (container is not null)
            {
                await container.DisposeAsync();
            }

            // "No engine" is all said in the line; Docker.DotNet's socket stack traces under it would
            // bury it in every failing test. Any other failure keeps its cause for diagnosis.
            throw e is DockerUnavailableException
                ? new TestKafkaUnavailableException(Describe(e, image))
                : new TestKafkaUnavailableException(Describe(e, image), e);
        }
    }

    private static string Describe(Exception e, string image)
    {
        var what = e switch
        {
            DockerUnavailableException => "no Docker engine is reachable",
            OperationCanceledException => $"the {image} container did not start within {StartTimeout.TotalMinutes:0} minutes",
            _ => $"the {image} container did not start",
        };
        // Testcontainers' own message spans several lines; its last one names the endpoint it tried.
        var cause = e is DockerUnavailableException ? LastLine(e.Message) : $"{e.GetType().Name}: {LastLine(e.Message)}";
        return $"{TestKafkaModeSelection.ModeVariable}={TestKafkaModeSelection.ContainerValue}, but {what} ({cause.TrimEnd('.')}); "
            + $"unset it to use the embedded cluster, or set {TestKafkaModeSelection.BootstrapVariable}=host:port for a running one.";
    }

    private static string LastLine(string text) =>
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
