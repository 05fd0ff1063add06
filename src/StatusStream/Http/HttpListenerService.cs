using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatusStream.Http;

/// <summary>
/// Runs Kestrel inside the generic host when Http:Urls is set, with the routes every
/// <see cref="IHttpRoutes"/> contributes. A separate web application (not a web host for the whole
/// process), so the processor stays a plain generic host and the listener stays optional.
/// </summary>
internal sealed class HttpListenerService(
    IOptions<HttpOptions> options,
    IEnumerable<IHttpRoutes> routes,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The addresses Kestrel listens on (ports resolved), once started; empty when off.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || _app is not null)
        {
            // Already started when the runner bound it before the host started.
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Value.Urls);
        builder.Logging.ClearProviders();
        // The listener's own host would log a failed bind as a start-up fault with a stack trace; the caller reports it
        // as a setting instead (one line, exit 2), so that category is left out.
        builder.Services.AddSingleton<ILoggerFactory>(new ListenerLoggerFactory(loggerFactory));
        foreach (var feature in routes)
        {
            feature.ConfigureServices(builder.Services);
        }

        var app = builder.Build();
        foreach (var feature in routes)
        {
            feature.Map(app);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException bind)
        {
            // Kestrel says "Failed to bind to address http://127.0.0.1:8080: address already in use." in an IOException
            // with a stack trace; as a validation failure it prints as one line naming the setting and exits 2, like
            // every other setting the host cannot use.
            await app.DisposeAsync().ConfigureAwait(false);
            throw new OptionsValidationException(HttpOptions.SectionName, typeof(HttpOptions),
                [$"Http:Urls cannot be listened on: {bind.Message.TrimEnd('.')}."]);
        }

        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
