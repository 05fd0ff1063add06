using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.Hosting;
using StatusStream.Pipeline;

namespace StatusStream.Tests.Support;

/// <summary>The real processor host, in this process, pointed at a test cluster and a test's topics.</summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private PipelineHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public StatusPipelineService Pipeline => _host.Services.GetRequiredService<StatusPipelineService>();

    public static Dictionary<string, string?> Settings(TestKafka kafka, PipelineTopics topics) => new()
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:InputTopics"] = topics.Input,
        ["Kafka:InboundTopic"] = topics.Inbound,
        ["Kafka:RetryTopic"] = topics.Retry,
        ["Kafka:DeadLetterTopic"] = topics.DeadLetter,
        ["Kafka:OperationsTopic"] = topics.Operations,
        ["Kafka:GroupId"] = topics.GroupId,
        ["Kafka:DeliveryTimeoutSeconds"] = "10",
        ["Pipeline:CommitIntervalSeconds"] = "0.2",
        ["Pipeline:ShutdownTimeoutSeconds"] = "10",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<PipelineHost> StartAsync(TestKafka kafka, PipelineTopics topics, IReadOnlyDictionary<string, string?>? extra = null,
        Action<HostApplicationBuilder>? configure = null)
    {
        var settings = Settings(kafka, topics);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = StatusStreamHost.CreateBuilder(settings);
        builder.AddStatusPipeline();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
