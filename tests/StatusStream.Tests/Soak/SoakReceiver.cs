using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusStream.Tests.Soak;

/// <summary>
/// A Kestrel receiver on 127.0.0.1 for the soak: answers 503 to every <c>failEvery</c>-th request (0: never; 1:
/// always) and 200 otherwise, and keeps the status-id of every request it answered 200 (a delivery) with its count.
/// </summary>
public sealed class SoakReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _failEvery;
    private readonly ConcurrentDictionary<string, int> _delivered = new(StringComparer.Ordinal);
    private int _requests;
    private int _failed;

    private SoakReceiver(WebApplication app, int failEvery)
    {
        _app = app;
        _failEvery = failEvery;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>status-id -> how many times it was answered 200.</summary>
    public IReadOnlyDictionary<string, int> Delivered => _delivered;

    public int FailuresAnswered => Volatile.Read(ref _failed);

    public static async Task<SoakReceiver> StartAsync(int failEvery)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new SoakReceiver(app, failEvery);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
        var n = Interlocked.Increment(ref _requests);
        if (_failEvery > 0 && n % _failEvery == 0)
        {
            Interlocked.Increment(ref _failed);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        _delivered.AddOrUpdate(context.Request.Headers["status-id"].ToString(), 1, (_, count) => count + 1);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
