using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.Hosting;
using StatusStream.Pipeline;

namespace StatusStream.Benchmarks.Compare;

/// <summary>The real processor: the app's own host with its default settings, in this process.</summary>
internal sealed class ProcessorUnderTest : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly StatusPipelineService _pipeline;

    private ProcessorUnderTest(IHost host)
    {
        _host = host;
        _pipeline = host.Services.GetRequiredService<StatusPipelineService>();
    }

    public bool Assigned => _pipeline.HasAssignment;

    public static async Task<ProcessorUnderTest> StartAsync(string bootstrap, string input, string groupId, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrap,
            ["Kafka:InputTopics"] = input,
            ["Kafka:GroupId"] = groupId,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = StatusStreamHost.CreateBuilder(settings);
        builder.AddStatusPipeline();
        var host = builder.Build();
        await host.StartAsync();
        return new ProcessorUnderTest(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
