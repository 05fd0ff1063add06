using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;
using StatusStream.Http;

namespace StatusStream.Telemetry;

/// <summary>
/// GET /metrics on the HTTP listener in the Prometheus text format (Telemetry:Prometheus=true). The
/// web application has its own container, so the host's MeterProvider is handed over explicitly.
/// OpenTelemetry.Exporter.Prometheus.AspNetCore is a beta package (1.20.1-beta.1).
/// </summary>
/// <remarks>
/// The exporter maps its path for every method, so DELETE, PATCH and TRACE were answered with the metrics too. The
/// method metadata lets routing answer anything else with 405 and an Allow header, as for every other route.
/// </remarks>
internal sealed class PrometheusRoutes(MeterProvider meterProvider) : IHttpRoutes
{
    public const string Path = "/metrics";

    public void Map(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path, meterProvider, configureBranchedPipeline: null, optionsName: null)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
}
