using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace StatusStream.Telemetry;

/// <summary>
/// Checks the Logging section before the host is built. Logging is free-form (any category may have a level), so the
/// unknown-settings check leaves it alone, and Microsoft.Extensions.Logging reads it while the host is built: a level it
/// does not know ends the process with "Configuration value 'Verbose' is not supported." and a stack trace, naming no key.
/// A console format it does not know is no error there at all: the logs would quietly come out in another format.
/// </summary>
internal static class LoggingSettingsCheck
{
    private const string Section = "Logging";

    private const string LevelsKey = "LogLevel";

    private static readonly string Levels = string.Join(", ", Enum.GetNames<LogLevel>());

    /// <summary>Throws the start-up validator's own exception, so the problems print like any other bad setting.</summary>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var problems = Find(configuration);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(LoggerFilterOptions), problems);
        }

        // The console provider binds its section while the host is built too; a value of the wrong type there names only
        // the path inside the section ('FormatterOptions:SingleLine'). Bound here first, the binder names the full key.
        var console = configuration.GetSection($"{Section}:Console");
        console.Get<ConsoleLoggerOptions>();
        var formatterOptions = console.GetSection("FormatterOptions");
        formatterOptions.Get<SimpleConsoleFormatterOptions>();
        formatterOptions.Get<JsonConsoleFormatterOptions>();
        formatterOptions.Get<ConsoleFormatterOptions>();
    }

    /// <summary>
    /// A level for all providers (Logging:LogLevel:&lt;category&gt;) or for one (Logging:Console:LogLevel:&lt;category&gt;),
    /// read as Microsoft.Extensions.Logging reads it: a name in any case, an empty value meaning no rule.
    /// </summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            var levels = string.Equals(child.Key, LevelsKey, StringComparison.OrdinalIgnoreCase) ? child : child.GetSection(LevelsKey);
            foreach (var (key, value) in levels.AsEnumerable().OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!string.IsNullOrEmpty(value) && !(Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)))
                {
                    problems.Add($"{key}: '{value}' is not one of {Levels}.");
                }
            }
        }

        var formatter = configuration[ConsoleLogFormat.FormatterNameKey];
        if (!string.IsNullOrEmpty(formatter) && !ConsoleLogFormat.Names.Contains(formatter, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{ConsoleLogFormat.FormatterNameKey}: '{formatter}' is not one of {string.Join(", ", ConsoleLogFormat.Names)}.");
        }

        return problems;
    }
}
