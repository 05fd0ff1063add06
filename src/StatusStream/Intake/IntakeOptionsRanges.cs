using Microsoft.Extensions.Options;

namespace StatusStream.Intake;

/// <summary>Generated at build time from the <c>[Range]</c> attributes of <see cref="IntakeOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class IntakeOptionsRanges : IValidateOptions<IntakeOptions>;
