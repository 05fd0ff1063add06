using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Metrics;
using StatusStream.Http;

namespace StatusStream.Telemetry;

/// <summary>
/// GET /metrics on the HTTP listener in the Prometheus text format (Telemetry:Prometheus=true). The
/// web application has its own container, so the host's MeterProvider is handed over explicitly.
/// OpenTelemetry.Exporter.Prometheus.AspNetCore is a beta package (1.20.1-beta.1).
/// </summary>
internal sealed class PrometheusRoutes(MeterProvider meterProvider) : IHttpRoutes
{
    public const string Path = "/metrics";

    public void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint(Path, meterProvider, configureBranchedPipeline: null, optionsName: null);
}
