using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusStream.Tests.Support;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel) that records every request and answers as the test
/// says: by default 200; <see cref="Respond"/> sets what the n-th request gets.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private Func<int, HttpContext, Task<int>> _answer = (_, _) => Task.FromResult(200);
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public int Port => new Uri(BaseUrl).Port;

    /// <param name="port">0 for any free port; a fixed one to come back on the same address after a stop.</param>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.TrimEnd('/');
        return receiver;
    }

    /// <summary>The status code for request n (1-based); the function may also delay or set headers.</summary>
    public void Respond(Func<int, HttpContext, Task<int>> answer) => _answer = answer;

    public void Respond(params int[] statusCodes) =>
        _answer = (n, _) => Task.FromResult(statusCodes[Math.Min(n, statusCodes.Length) - 1]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var n = Interlocked.Increment(ref _count);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        int status;
        try
        {
            status = await _answer(n, context);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _received.Enqueue(new ReceivedRequest(n, context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray(), status));
        // An answer that wrote a body set its own status code first; setting it after the response started would throw.
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
        }
    }
}
