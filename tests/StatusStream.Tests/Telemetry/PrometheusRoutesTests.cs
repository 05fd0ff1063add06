using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using StatusStream.Http;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Telemetry;

/// <summary>/metrics on the real listener (Kestrel on 127.0.0.1): a scrape is a GET; nothing else is answered with the metrics.</summary>
public sealed class PrometheusRoutesTests
{
    [Theory]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task Map_MethodOtherThanGetOrHead_Answers405WithAllow(string method)
    {
        var answer = await ScrapeAsync(method);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
        Assert.Equal(["GET", "HEAD"], answer.Allow.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("# EOF", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task Map_GetOrHead_Answers200(string method)
    {
        var answer = await ScrapeAsync(method);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    /// <summary>One request to /metrics on a real listener of its own, answered and read before the listener stops.</summary>
    private static async Task<(HttpStatusCode Status, IReadOnlyCollection<string> Allow, string Body)> ScrapeAsync(string method)
    {
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddPrometheusExporter().Build();
        await using var listener = new HttpListenerService(Options.Create(new HttpOptions { Urls = "http://127.0.0.1:0" }),
            [new PrometheusRoutes(meterProvider)], NullLoggerFactory.Instance);
        await listener.StartAsync(CancellationToken.None);
        using var client = new HttpClient();
        using var answer = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri(listener.Addresses.Single()), PrometheusRoutes.Path)));
        var body = await answer.Content.ReadAsStringAsync();
        await listener.StopAsync(CancellationToken.None);
        return (answer.StatusCode, [.. answer.Content.Headers.Allow], body);
    }
}
