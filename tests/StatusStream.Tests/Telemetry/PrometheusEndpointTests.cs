using System.Net.Http;
using Confluent.Kafka;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

/// <summary>
/// Telemetry:Prometheus=true serves the instruments at /metrics on the HTTP listener. The app runs as its own process:
/// the exporter listens to every meter of its process, so in the test process other classes' hosts would count too.
/// </summary>
public sealed class PrometheusEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_AfterADelivery_ServesTheDeliveredCounterInPrometheusFormat()
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Unused()}";
        using var app = AppProcess.Start("run", "--embedded", "--set", $"Http:Urls={url}", "--set", "Telemetry:Prometheus=true");
        var bootstrap = (await app.WaitForOutputLineAsync("bootstrap: ", Deadline))["bootstrap: ".Length..];
        const string Callback = "metrics.check-callback";
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            SampleEvents.Produce(producer, "notification.events", SampleEvents.Multicast(Callback, recipients: 1).Json);
            producer.Flush(Deadline);
        }

        using var client = new HttpClient();
        var text = "";
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

            return text.Contains("statusstream_statuses_delivered", StringComparison.Ordinal);
        }, Deadline, () => $"/metrics has no delivered counter:\n{text[..Math.Min(text.Length, 2000)]}");

        Assert.Contains(text.Split('\n'), l => l.StartsWith("statusstream_statuses_delivered", StringComparison.Ordinal)
            && l.Contains("route_kind=\"kafka\"", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 1", StringComparison.Ordinal));
        // The route kind, never the callback topic: one series per topic would grow with every sender.
        Assert.DoesNotContain(Callback, text, StringComparison.Ordinal);
        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(Deadline));
    }
}
