using Microsoft.Extensions.Options;

namespace StatusStream.Routing;

internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options) =>
        Enum.IsDefined(options.TargetPolicy)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{RoutingOptions.SectionName}:TargetPolicy must be Any or SourceNamespace (was '{options.TargetPolicy}').");
}
