using Confluent.Kafka;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Cli;

/// <summary>The app as a process: exit codes, configuration errors, the bootstrap line, SIGTERM, the demo.</summary>
public sealed class StatusStreamCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_BadSetting_ExitsTwoNamingTheSetting()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Pipeline:MaxInFlightStatuses=0");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("Pipeline:MaxInFlightStatuses", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoBootstrapServers_ExitsTwoNamingTheSetting()
    {
        using var app = AppProcess.Start("run");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("Kafka:BootstrapServers is required", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnparsableSetting_ExitsTwoNamingTheSetting()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Pipeline:CommitIntervalSeconds=soon");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("Pipeline:CommitIntervalSeconds", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MisspelledSetting_ExitsTwoNamingSectionAndSetting()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Kafka:BootstrapServer=x");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("unknown setting(s) in section Kafka: 'BootstrapServer'", app.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunEmbedded_PrintsBootstrapAndStopsCleanlyOnSigterm()
    {
        using var app = AppProcess.Start("run", "--embedded");
        var line = await app.WaitForOutputLineAsync("bootstrap: ", Deadline);
        Assert.Matches(@"^bootstrap: 127\.0\.0\.1:\d+$", line);

        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task Broker_ServesClientsAndKeepsData_StopsCleanlyOnSigterm()
    {
        using var broker = AppProcess.Start("broker", "--topic", "city.parking-callback:2");
        var bootstrap = (await broker.WaitForOutputLineAsync("bootstrap: ", Deadline))["bootstrap: ".Length..];
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            var report = await producer.ProduceAsync("city.parking-callback", new Message<byte[], byte[]> { Value = "kept"u8.ToArray() });
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            Assert.Equal(2, metadata.Topics.Single(t => t.Topic == "city.parking-callback").Partitions.Count);
            Assert.Contains(metadata.Topics, t => t.Topic == "statusstream.dlq");
        }

        broker.Terminate();
        Assert.Equal(0, await broker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Demo_PrintsCallbacksAndDeadLetters_ExitsZero()
    {
        using var app = AppProcess.Start("demo");
        Assert.Equal(0, await app.WaitForExitAsync(Deadline));

        var output = app.StandardOutput;
        Assert.Equal(3, output.Count(l => l.TrimStart().StartsWith("city.parking-callback", StringComparison.Ordinal)));
        Assert.Single(output, l => l.TrimStart().StartsWith("parking.billing-callback", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains("reason=not-json", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains("reason=bad-callback-target", StringComparison.Ordinal));
        Assert.Contains(output, l => l.TrimStart().StartsWith("statusstream.retry", StringComparison.Ordinal)
            && l.Contains("parked for attempt 2", StringComparison.Ordinal) && l.Contains("TopicAuthorizationFailed", StringComparison.Ordinal));
        Assert.Contains("All expected callbacks and dead letters arrived.", output);
    }
}
