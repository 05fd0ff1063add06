using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StatusStream.Http;

namespace StatusStream.Health;

/// <summary>
/// GET /healthz (liveness) and GET /readyz (readiness) on the HTTP listener: 200 when every check of
/// the probe is healthy, else 503, with a JSON body naming each check. The checks are the host's
/// singletons, handed to the web application's health check service; a feature adds its own
/// readiness check by registering a <see cref="HealthCheckRegistration"/> tagged "ready", for a check derived from
/// <see cref="GuardedHealthCheck"/> (the health check service's own log category is silenced).
/// Every check without a timeout of its own gets <see cref="HealthOptions.CheckTimeout"/>: a probe that hangs (a broker
/// that takes the connection and never answers) makes its check Unhealthy in time, instead of hanging the probe with it.
/// </summary>
internal sealed class HealthRoutes(IEnumerable<HealthCheckRegistration> registrations, IOptions<HealthOptions> options) : IHttpRoutes
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public void ConfigureServices(IServiceCollection webServices)
    {
        webServices.AddHealthChecks();
        var checkTimeout = options.Value.CheckTimeout;
        webServices.Configure<HealthCheckServiceOptions>(service =>
        {
            foreach (var registration in registrations)
            {
                if (registration.Timeout <= TimeSpan.Zero)
                {
                    registration.Timeout = checkTimeout;
                }

                service.Registrations.Add(registration);
            }
        });
    }

    public void Map(WebApplication app)
    {
        app.MapHealthChecks(LivePath, Options(LiveTag));
        app.MapHealthChecks(ReadyPath, Options(ReadyTag));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = HealthResponseWriter.WriteAsync,
        // Never cached by a proxy: a probe must see the state of now.
        AllowCachingResponses = false,
    };
}
