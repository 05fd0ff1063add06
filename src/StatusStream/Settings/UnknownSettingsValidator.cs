using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StatusStream.Settings;

/// <summary>
/// Stops the start when a configured key is read by nothing (see <see cref="UnknownSettings"/>).
/// Registered before every section, so it runs before any binder.
/// </summary>
internal sealed class UnknownSettingsValidator(IConfiguration configuration, BoundSections sections) : IValidateOptions<SettingsCheck>
{
    public ValidateOptionsResult Validate(string? name, SettingsCheck options)
    {
        var problems = UnknownSettings.Find(configuration, sections.Resolve());
        return problems.Count == 0 ? ValidateOptionsResult.Success : throw new UnknownSettingsException(problems);
    }
}
