using Microsoft.Extensions.Options;

namespace StatusStream.Telemetry;

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public static readonly IReadOnlyList<string> Protocols = ["grpc", "http/protobuf"];

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        const string S = TelemetryOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{S}:{nameof(options.OtlpEndpoint)} must be an absolute http or https URL, e.g. http://otel-collector:4317.");
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpProtocol) && !Protocols.Contains(options.OtlpProtocol))
        {
            errors.Add($"{S}:{nameof(options.OtlpProtocol)} must be one of {string.Join(", ", Protocols)}.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{S}:{nameof(options.ServiceName)} must not be empty.");
        }

        if (options.KafkaStatisticsIntervalSeconds is < 0 or > 86_400 || double.IsNaN(options.KafkaStatisticsIntervalSeconds))
        {
            errors.Add($"{S}:{nameof(options.KafkaStatisticsIntervalSeconds)} must be from 0 (off) to 86400 seconds.");
        }

        if (options.ProgressIntervalSeconds is < 0 or > 86_400 || double.IsNaN(options.ProgressIntervalSeconds))
        {
            errors.Add($"{S}:{nameof(options.ProgressIntervalSeconds)} must be from 0 (off) to 86400 seconds.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
