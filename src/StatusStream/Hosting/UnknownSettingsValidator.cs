using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StatusStream.Hosting;

/// <summary>Fails the start when a configured key is read by nothing (see <see cref="UnknownSettings"/>).</summary>
internal sealed class UnknownSettingsValidator(IConfiguration configuration, BoundSections sections) : IValidateOptions<SettingsCheck>
{
    public ValidateOptionsResult Validate(string? name, SettingsCheck options)
    {
        var problems = UnknownSettings.Find(configuration, sections.Resolve());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
