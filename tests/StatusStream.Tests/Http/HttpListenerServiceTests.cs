using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusStream.Http;

namespace StatusStream.Tests.Http;

public sealed class HttpListenerServiceTests
{
    [Fact]
    public async Task StartAsync_UrlsSet_ServesEveryFeaturesRoutesOnLoopback()
    {
        await using var listener = new HttpListenerService(Options.Create(new HttpOptions { Urls = "http://127.0.0.1:0" }), [new PingRoutes()], NullLoggerFactory.Instance);

        await listener.StartAsync(CancellationToken.None);
        using var client = new HttpClient();
        var answer = await client.GetStringAsync(new Uri(new Uri(listener.Addresses.Single()), "/ping"));
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal("pong", answer);
    }

    [Fact]
    public async Task StartAsync_NoUrls_NoListener()
    {
        await using var listener = new HttpListenerService(Options.Create(new HttpOptions()), [new PingRoutes()], NullLoggerFactory.Instance);

        await listener.StartAsync(CancellationToken.None);

        Assert.Empty(listener.Addresses);
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("ftp://127.0.0.1:21")]
    public void Validate_NotAnHttpUrl_FailsNamingTheSetting(string urls)
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = urls });

        Assert.True(result.Failed);
        Assert.Contains("Http:Urls", result.FailureMessage, StringComparison.Ordinal);
    }

    private sealed class PingRoutes : IHttpRoutes
    {
        public void Map(WebApplication app) => app.MapGet("/ping", () => Results.Text("pong"));
    }
}
