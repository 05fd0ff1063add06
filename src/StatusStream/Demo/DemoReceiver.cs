using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusStream.Demo;

/// <summary>
/// The demo's own webhook receiver on 127.0.0.1: a GOV.UK Notify-style endpoint (/notify) that
/// answers 200, and an OSP-style one (/osp) that answers 500 to its first request and 200 after,
/// so the demo shows a webhook retry; /notify/inbound gets the forwarded text message. It records what it got, for the demo to print.
/// </summary>
internal sealed class DemoReceiver : IAsyncDisposable
{
    private static readonly string[] ShownHeaders = ["Content-Type", "access-key", "Authorization", "webhook-id", "webhook-timestamp", "webhook-signature"];
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _lines = new();
    private int _ospRequests;
    private int _delivered;

    private DemoReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IEnumerable<string> Lines => _lines;

    /// <summary>
    /// Both webhook statuses, the subscription's four (the parking multicast and the OSP event, both from city/parking)
    /// and the forwarded text message were answered 200.
    /// </summary>
    public bool IsComplete => Volatile.Read(ref _delivered) >= 7;

    public static async Task<DemoReceiver> StartAsync(CancellationToken cancellation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new DemoReceiver(app);
        app.MapPost("/{**path}", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync(cancellation);
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var code = path.StartsWith("/osp", StringComparison.Ordinal) && Interlocked.Increment(ref _ospRequests) == 1 ? 500 : 200;
        var headers = string.Join(", ", ShownHeaders
            .Where(name => context.Request.Headers.ContainsKey(name))
            .Select(name => $"{name}: {Shown(name, context.Request.Headers[name].ToString())}"));
        _lines.Enqueue($"POST {path} -> {code}\n      {headers}\n      {body}");
        if (code == 200)
        {
            Interlocked.Increment(ref _delivered);
        }

        return Results.StatusCode(code);
    }

    // The demo's credentials are made up, but a receiver's log is still no place for them.
    private static string Shown(string name, string value) => name switch
    {
        "Authorization" => "Bearer (redacted)",
        "access-key" => "(redacted)",
        "webhook-signature" when value.Length > 24 => value[..24] + "...",
        _ => value,
    };
}
