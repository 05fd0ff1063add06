using Microsoft.Extensions.Options;
using StatusStream.Settings;

namespace StatusStream.Pipeline;

/// <summary>The ranges declared on <see cref="PipelineOptions"/>, in the words of <see cref="DeclaredRanges"/>.</summary>
internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    private readonly PipelineOptionsRanges _ranges = new();

    public ValidateOptionsResult Validate(string? name, PipelineOptions options) =>
        DeclaredRanges.Describe(PipelineOptions.SectionName, options, _ranges.Validate(name, options));
}
