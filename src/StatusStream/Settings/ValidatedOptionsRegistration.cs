using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StatusStream.Settings;

/// <summary>How every feature registers its options: a leaf, so feature folders never import Hosting.</summary>
internal static class ValidatedOptionsRegistration
{
    /// <summary>
    /// Binds a section strictly (an unknown key is an error) and validates it when the host starts.
    /// Before any section is bound, every configured key is checked against the options types bound
    /// to sections (<see cref="UnknownSettings"/>): that also catches a misspelled section, which
    /// the binder never sees, and names a typo by its full path ("Retry:Routes:osp.*:MaxRetrys")
    /// and its source, which the binder's message inside a dictionary does not.
    /// </summary>
    public static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        AddSettingsCheck(services);
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    /// <summary>Registered once, before any section, so its findings come first.</summary>
    private static void AddSettingsCheck(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(BoundSections)))
        {
            return;
        }

        services.AddSingleton(new BoundSections(services));
        services.AddOptions<SettingsCheck>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SettingsCheck>, UnknownSettingsValidator>();
    }
}
