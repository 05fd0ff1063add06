using Microsoft.Extensions.Options;

namespace StatusStream.Pipeline;

/// <summary>Generated at build time from the <c>[Range]</c> attributes of <see cref="PipelineOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class PipelineOptionsRanges : IValidateOptions<PipelineOptions>;
