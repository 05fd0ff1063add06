using Microsoft.Extensions.Configuration;

namespace StatusStream.Telemetry;

/// <summary>
/// What is exported, decided once from configuration when the host is built (the OpenTelemetry
/// providers are registered then): OTLP when Telemetry:OtlpEndpoint or OTEL_EXPORTER_OTLP_ENDPOINT
/// is set, traces when OTLP is on or Telemetry:Traces says so, the Prometheus endpoint when asked.
/// Values that do not parse are left to <see cref="TelemetryOptionsValidator"/>, which stops the host.
/// </summary>
internal sealed record TelemetryExport(Uri? OtlpEndpoint, bool OtlpHttpProtobuf, string? OtlpHeaders, bool Traces, bool Prometheus, string ServiceName)
{
    public static TelemetryExport From(IConfiguration configuration, Func<string, string?> environment)
    {
        var section = configuration.GetSection(TelemetryOptions.SectionName);
        var endpointText = NonEmpty(section[nameof(TelemetryOptions.OtlpEndpoint)]) ?? NonEmpty(environment(TelemetryOptions.OtlpEndpointVariable));
        var endpoint = Uri.TryCreate(endpointText, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
        var protocol = NonEmpty(section[nameof(TelemetryOptions.OtlpProtocol)]) ?? NonEmpty(environment(TelemetryOptions.OtlpProtocolVariable)) ?? "grpc";
        var traces = bool.TryParse(section[nameof(TelemetryOptions.Traces)], out var on) ? on : endpoint is not null;
        var prometheus = bool.TryParse(section[nameof(TelemetryOptions.Prometheus)], out var scrape) && scrape;
        var service = NonEmpty(section[nameof(TelemetryOptions.ServiceName)]) ?? "statusstream";
        return new TelemetryExport(endpoint, protocol == "http/protobuf", NonEmpty(environment(TelemetryOptions.OtlpHeadersVariable)), traces, prometheus, service);
    }

    public bool Metrics => OtlpEndpoint is not null || Prometheus;

    /// <summary>The collector URL of one signal: gRPC takes the base; http/protobuf a path per signal (v1/traces, v1/metrics).</summary>
    public Uri SignalEndpoint(string signalPath) =>
        !OtlpHttpProtobuf ? OtlpEndpoint! : new Uri(OtlpEndpoint!.AbsoluteUri.TrimEnd('/') + "/" + signalPath);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
