using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using StatusStream.Http;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

/// <summary>Telemetry:Prometheus=true serves the instruments at /metrics on the HTTP listener.</summary>
public sealed class PrometheusEndpointTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    [EmbeddedOnlyFact]
    public async Task Metrics_AfterADelivery_ServesTheDeliveredCounterInPrometheusFormat()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Http:Urls"] = "http://127.0.0.1:0",
            ["Telemetry:Prometheus"] = "true",
        });
        var url = new Uri(host.Services.GetRequiredService<HttpListenerService>().Addresses.Single().TrimEnd('/') + PrometheusRoutes.Path);
        using var producer = kafka.CreateProducer();
        using var client = new HttpClient();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(callback, recipients: 1).Json);
        producer.Flush();
        var text = "";
        await Poll.UntilAsync(() =>
        {
            text = client.GetStringAsync(url).GetAwaiter().GetResult();
            // Other test classes' hosts in this process may count their own (webhook) deliveries first: wait for this one's.
            return text.Split('\n').Any(l => l.StartsWith("statusstream_statuses_delivered", StringComparison.Ordinal)
                && l.Contains("route_kind=\"kafka\"", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(45), () => $"/metrics has no delivered counter for the kafka route:\n{text[..Math.Min(text.Length, 2000)]}");

        Assert.DoesNotContain(callback, text, StringComparison.Ordinal);
    }
}
