using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StatusStream.Settings;

/// <summary>
/// Which configuration sections the app binds, and to which options types: every options type
/// registered with the container that declares a <c>public const string SectionName</c> (the
/// project's convention). Read from the service collection itself when the check runs, so a
/// feature that adds its own options section is known without being listed anywhere else.
/// </summary>
internal sealed class BoundSections(IServiceCollection services)
{
    /// <summary>Sections anyone may fill freely: the logging filters of Microsoft.Extensions.Logging.</summary>
    public static readonly IReadOnlySet<string> FreeForm = new HashSet<string>(["Logging"], StringComparer.OrdinalIgnoreCase);

    private static readonly Type[] OptionsServices =
    [
        typeof(IConfigureOptions<>), typeof(IPostConfigureOptions<>), typeof(IValidateOptions<>), typeof(IOptionsChangeTokenSource<>),
    ];

    /// <summary>Section name (case-insensitive, as configuration keys are) to the options types bound to it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Type>> Resolve()
    {
        var sections = new Dictionary<string, List<Type>>(StringComparer.OrdinalIgnoreCase);
        foreach (var descriptor in services)
        {
            if (!descriptor.ServiceType.IsGenericType || !OptionsServices.Contains(descriptor.ServiceType.GetGenericTypeDefinition()))
            {
                continue;
            }

            var options = descriptor.ServiceType.GetGenericArguments()[0];
            if (SectionNameOf(options) is { } name)
            {
                var types = sections.TryGetValue(name, out var list) ? list : sections[name] = [];
                if (!types.Contains(options))
                {
                    types.Add(options);
                }
            }
        }

        return sections.ToDictionary(s => s.Key, s => (IReadOnlyList<Type>)s.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static string? SectionNameOf(Type options) =>
        options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;
}
