using System.Net;
using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using StatusStream.Health;
using StatusStream.Http;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Health;

/// <summary>/healthz and /readyz on the real listener, against the embedded cluster (this class's own: one test takes its broker down).</summary>
public sealed class HealthEndpointsTests(TestKafka kafka) : IClassFixture<TestKafka>, IDisposable
{
    private readonly TestKafka _kafka = kafka;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(15) };

    [EmbeddedOnlyFact]
    public async Task Readyz_MemberWithoutPartitions_NotReadyUntilItGetsOne_AliveThroughout()
    {
        // One partition of each topic the input loop reads (events and inbound); the embedded cluster's assignor hands
        // partition 0 of every topic to the same member.
        var topics = PipelineTopics.Create(_kafka, inputPartitions: 1, inboundPartitions: 1);
        await using var first = await StartAsync(topics);
        var firstUrl = BaseUrl(first);
        await WaitForAsync(firstUrl, HealthRoutes.ReadyPath, HttpStatusCode.OK);

        // Both partitions belong to the first member: the second is alive but has nothing to do.
        await using var second = await StartAsync(topics);
        var secondUrl = BaseUrl(second);
        await WaitForAsync(secondUrl, HealthRoutes.LivePath, HttpStatusCode.OK);
        var (status, body) = await GetAsync(secondUrl, HealthRoutes.ReadyPath);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("0 input", body, StringComparison.Ordinal);
        Assert.Equal(0, second.Pipeline.AssignedPartitions);

        await first.StopAsync();
        await WaitForAsync(secondUrl, HealthRoutes.ReadyPath, HttpStatusCode.OK);
        await Poll.UntilAsync(() => second.Pipeline.AssignedPartitions == 2, TimeSpan.FromSeconds(30),
            () => $"{second.Pipeline.AssignedPartitions} partitions assigned");
    }

    [EmbeddedOnlyFact]
    public async Task Readyz_BrokerDown_NotReadyButAlive_ReadyAgainWhenItIsBack()
    {
        var topics = PipelineTopics.Create(_kafka);
        await using var host = await StartAsync(topics);
        var url = BaseUrl(host);
        await WaitForAsync(url, HealthRoutes.ReadyPath, HttpStatusCode.OK);

        _kafka.Embedded!.SetBrokerDown(1);
        try
        {
            var body = await WaitForAsync(url, HealthRoutes.ReadyPath, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("no Kafka broker answers", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, HealthRoutes.LivePath)).Status);
        }
        finally
        {
            _kafka.Embedded.SetBrokerUp(1);
        }

        await WaitForAsync(url, HealthRoutes.ReadyPath, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_ACheckHangsIgnoringCancellation_AnswersUnhealthyWithinTheCheckTimeout()
    {
        var topics = PipelineTopics.Create(_kafka);
        var hung = new HangingHealthCheck();
        await using var host = await PipelineHost.StartAsync(_kafka, topics,
            new Dictionary<string, string?> { ["Http:Urls"] = "http://127.0.0.1:0", ["Health:BrokerTimeoutSeconds"] = "1" },
            builder => builder.Services.AddSingleton(new HealthCheckRegistration("hung", hung, HealthStatus.Unhealthy, [HealthRoutes.ReadyTag])));
        var url = BaseUrl(host);
        await WaitForAsync(url, HealthRoutes.LivePath, HttpStatusCode.OK);

        var started = TimeProvider.System.GetTimestamp();
        var (status, body) = await GetAsync(url, HealthRoutes.ReadyPath);
        var took = TimeProvider.System.GetElapsedTime(started);

        Assert.True(hung.Entered, "the hanging check ran");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var check = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("hung");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains("timeout", check.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
        // The check timeout is Health:BrokerTimeoutSeconds + 1 = 2 s; the client's own is 15 s. Generous for a loaded machine.
        Assert.True(took < TimeSpan.FromSeconds(10), $"/readyz took {took.TotalSeconds:0.0} s");
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A probe stuck in a call that never returns and never looks at its token (as a blocking client call can).</summary>
    private sealed class HangingHealthCheck() : GuardedHealthCheck(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        private readonly TaskCompletionSource<HealthCheckResult> _never = new();

        public bool Entered { get; private set; }

        protected override Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            Entered = true;
            return _never.Task;
        }
    }

    private Task<PipelineHost> StartAsync(PipelineTopics topics) =>
        PipelineHost.StartAsync(_kafka, topics, new Dictionary<string, string?> { ["Http:Urls"] = "http://127.0.0.1:0" });

    private static string BaseUrl(PipelineHost host) => host.Services.GetRequiredService<HttpListenerService>().Addresses.Single().TrimEnd('/');

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string baseUrl, string path)
    {
        using var response = await _client.GetAsync(new Uri(baseUrl + path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> WaitForAsync(string baseUrl, string path, HttpStatusCode expected)
    {
        var last = (Status: (HttpStatusCode)0, Body: "");
        await Poll.UntilAsync(() =>
        {
            last = GetAsync(baseUrl, path).GetAwaiter().GetResult();
            return last.Status == expected;
        }, Deadline, () => $"{path} answered {(int)last.Status} {last.Body}, not {(int)expected}");
        return last.Body;
    }
}
