using Microsoft.Extensions.Options;
using StatusStream.Settings;

namespace StatusStream.Intake;

/// <summary>The ranges declared on <see cref="IntakeOptions"/>, in the words of <see cref="DeclaredRanges"/>.</summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    private readonly IntakeOptionsRanges _ranges = new();

    public ValidateOptionsResult Validate(string? name, IntakeOptions options) =>
        DeclaredRanges.Describe(IntakeOptions.SectionName, options, _ranges.Validate(name, options));
}
