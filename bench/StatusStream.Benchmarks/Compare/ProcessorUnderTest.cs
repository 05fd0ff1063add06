using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusStream.Hosting;
using StatusStream.Pipeline;

namespace StatusStream.Benchmarks.Compare;

/// <summary>The real processor: the app's own host with its default settings, in this process.</summary>
internal sealed class ProcessorUnderTest : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly StatusPipelineService _pipeline;

    private readonly PauseCounter _pauses;

    private ProcessorUnderTest(IHost host, PauseCounter pauses)
    {
        _host = host;
        _pauses = pauses;
        _pipeline = host.Services.GetRequiredService<StatusPipelineService>();
    }

    public bool Assigned => _pipeline.HasAssignment;

    /// <summary>How often the in-flight bound paused intake (log event 3006).</summary>
    public long Pauses => _pauses.Count;

    public static async Task<ProcessorUnderTest> StartAsync(string bootstrap, string input, string groupId, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrap,
            ["Kafka:InputTopics"] = input,
            ["Kafka:GroupId"] = groupId,
            ["Logging:LogLevel:Default"] = "Warning",
            // Information for the pipeline's own messages, so the pause counter sees them; the console still shows only warnings.
            ["Logging:LogLevel:StatusStream.Pipeline"] = "Information",
            ["Logging:Console:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = StatusStreamHost.CreateBuilder(settings);
        var pauses = new PauseCounter();
        builder.Logging.AddProvider(pauses);
        builder.AddStatusPipeline();
        var host = builder.Build();
        await host.StartAsync();
        return new ProcessorUnderTest(host, pauses);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
