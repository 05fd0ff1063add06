using Microsoft.Extensions.Options;

namespace StatusStream.Health;

/// <summary>Generated at build time from the <c>[Range]</c> attributes of <see cref="HealthOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class HealthOptionsRanges : IValidateOptions<HealthOptions>;
