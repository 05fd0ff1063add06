using System.Net.Http;
using Confluent.Kafka;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// Every metric and label the alert rules and the Grafana dashboard query is one the app really serves on
/// /metrics (Telemetry:Prometheus=true), checked on the app run as its own process (as in
/// PrometheusEndpointTests) after a delivered Kafka status, an input record that is not JSON and a webhook
/// that answers 500. A renamed instrument, unit or tag then fails here instead of leaving an alert that
/// never fires.
/// </summary>
public sealed class MonitoringMetricNamesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Counters that only appear once something rare happened (the dead-letter topic refusing a record, a held
    /// retry re-parked): these must be the Prometheus form of the instrument's name instead.
    /// </summary>
    private static readonly Dictionary<string, string> RareCounters = new(StringComparer.Ordinal)
    {
        ["statusstream_dead_letters_skipped_total"] = StatusStreamMetrics.DeadLettersSkipped,
        ["statusstream_retry_reparked_total"] = StatusStreamMetrics.RetriesReparked,
    };

    /// <summary>Tags only the rare counters above carry: these must be the Prometheus form of the tag's name.</summary>
    private static readonly Dictionary<string, string> RareLabels = new(StringComparer.Ordinal)
    {
        ["statusstream_retry_repark_reason"] = TelemetryTags.ReparkReason,
    };

    [Fact]
    public async Task RulesAndDashboard_AfterGoodBadAndFailingWebhookEvents_QueryOnlyMetricsAndLabelsTheAppServes()
    {
        var expressions = MonitoringQueries.RuleExpressions().Concat(MonitoringQueries.DashboardExpressions()).ToList();
        var metrics = expressions.SelectMany(MonitoringQueries.MetricNames).ToHashSet(StringComparer.Ordinal);
        var labels = expressions.SelectMany(MonitoringQueries.LabelNames).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("statusstream_consumer_lag", metrics);
        Assert.Contains("statusstream_delivery_end_to_end_duration_seconds_bucket", metrics);
        Assert.DoesNotContain("rate", metrics);
        Assert.DoesNotContain("statusstream_route_kind", metrics);
        Assert.Contains("statusstream_route_kind", labels);
        foreach (var (name, instrument) in RareCounters)
        {
            Assert.Equal(name, instrument.Replace('.', '_') + "_total");
        }

        foreach (var (name, tag) in RareLabels)
        {
            Assert.Equal(name, tag.Replace('.', '_'));
        }

        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond((_, _) => Task.FromResult(500));
        var url = $"http://127.0.0.1:{LoopbackPort.Unused()}";
        using var app = AppProcess.Start("run", "--embedded", "--set", $"Http:Urls={url}", "--set", "Telemetry:Prometheus=true",
            "--set", "Webhooks:AllowLoopback=true", "--set", "Telemetry:KafkaStatisticsIntervalSeconds=1");
        var bootstrap = (await app.WaitForOutputLineAsync("bootstrap: ", Deadline))["bootstrap: ".Length..];
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            SampleEvents.Produce(producer, "notification.events", SampleEvents.Multicast("monitoring.check-callback", recipients: 1).Json);
            SampleEvents.Produce(producer, "notification.events", "not json"u8.ToArray());
            SampleEvents.Produce(producer, "notification.events", SampleEvents.Webhook(receiver.BaseUrl + "/hook"));
            producer.Flush(Deadline);
        }

        using var client = new HttpClient();
        var served = new HashSet<string>(StringComparer.Ordinal);
        var text = "";
        var wanted = metrics.Where(m => !RareCounters.ContainsKey(m)).ToList();
        await Poll.UntilAsync(() =>
        {
            try
            {
                text = client.GetStringAsync(new Uri(url + PrometheusRoutes.Path)).GetAwaiter().GetResult();
            }
            catch (HttpRequestException)
            {
                return false;
            }

            served = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
            return wanted.All(served.Contains);
        }, Deadline, () => $"/metrics lacks {string.Join(", ", wanted.Where(m => !served.Contains(m)))}:\n{text[..Math.Min(text.Length, 3000)]}");

        Assert.All(labels.Where(l => !RareLabels.ContainsKey(l)), label => Assert.True(text.Contains($"{label}=\"", StringComparison.Ordinal), $"no series on /metrics has the label {label}"));
        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(Deadline));
    }
}
