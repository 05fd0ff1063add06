using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// A Kestrel receiver on 127.0.0.1 that answers 200 and logs each status's arrival by its body's event_id
/// (a status body begins <c>{"event_id":"</c>, so the id's first 8 hex digits sit at a fixed place).
/// </summary>
internal sealed class BenchReceiver : IAsyncDisposable
{
    private const int EventIdOffset = 13; // {"event_id":"
    private readonly WebApplication _app;

    private BenchReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public ArrivalLog? Log { get; set; }

    /// <summary>While set and not completed, requests wait before they are read: the round has not started.</summary>
    public Task? Gate { get; set; }

    public static async Task<BenchReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new BenchReceiver(app);
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
        if (Gate is { } gate)
        {
            await gate;
        }

        var body = new byte[512];
        var length = 0;
        int read;
        while (length < body.Length && (read = await context.Request.Body.ReadAsync(body.AsMemory(length))) > 0)
        {
            length += read;
        }

        if (length >= EventIdOffset + 8)
        {
            Log?.Arrived8Hex(body.AsSpan(EventIdOffset, 8));
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
