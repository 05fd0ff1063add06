using Microsoft.Extensions.Options;

namespace StatusStream.Health;

internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options) =>
        options.BrokerTimeoutSeconds is > 0 and <= 60
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{HealthOptions.SectionName}:{nameof(HealthOptions.BrokerTimeoutSeconds)} must be more than 0 and at most 60 seconds.");
}
