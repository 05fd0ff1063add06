using Microsoft.Extensions.Options;
using StatusStream.Http;

namespace StatusStream.Telemetry;

/// <summary>Telemetry:Prometheus serves /metrics on the HTTP listener: without Http:Urls it would quietly serve nothing.</summary>
internal sealed class PrometheusListenerCheck(IOptions<HttpOptions> http) : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.Prometheus && !http.Value.Enabled
            ? ValidateOptionsResult.Fail(
                $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Prometheus)} is true, but {HttpOptions.SectionName}:{nameof(HttpOptions.Urls)} is empty: /metrics is served on that listener (e.g. http://0.0.0.0:8080).")
            : ValidateOptionsResult.Success;
}
