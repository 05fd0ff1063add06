using Microsoft.Extensions.Options;
using StatusStream.Settings;

namespace StatusStream.Health;

/// <summary>The ranges declared on <see cref="HealthOptions"/>, in the words of <see cref="DeclaredRanges"/>.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    private readonly HealthOptionsRanges _ranges = new();

    public ValidateOptionsResult Validate(string? name, HealthOptions options) =>
        DeclaredRanges.Describe(HealthOptions.SectionName, options, _ranges.Validate(name, options));
}
