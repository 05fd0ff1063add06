using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StatusStream.Http;

namespace StatusStream.Telemetry;

/// <summary>Telemetry:Prometheus serves /metrics on the HTTP listener: without Http:Urls it would quietly serve nothing.</summary>
/// <remarks>Reads the setting, not the bound HttpOptions: a bad Http:Urls is reported once, by its own validator.</remarks>
internal sealed class PrometheusListenerCheck(IConfiguration configuration) : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.Prometheus && string.IsNullOrWhiteSpace(configuration[$"{HttpOptions.SectionName}:{nameof(HttpOptions.Urls)}"])
            ? ValidateOptionsResult.Fail(
                $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Prometheus)} is true, but {HttpOptions.SectionName}:{nameof(HttpOptions.Urls)} is empty: /metrics is served on that listener (e.g. http://0.0.0.0:8080).")
            : ValidateOptionsResult.Success;
}
