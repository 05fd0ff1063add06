using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StatusStream.Settings;

namespace StatusStream.Hosting;

/// <summary>Recognises the exceptions bad configuration causes at start-up, so they print as one clear line each.</summary>
internal static partial class ConfigurationError
{
    private const string BinderAssembly = "Microsoft.Extensions.Configuration.Binder";

    /// <param name="configuration">The host's configuration, to say where a named setting came from; null says nothing of it.</param>
    public static bool TryDescribe(Exception exception, IConfiguration? configuration, out IReadOnlyList<string> messages)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                // The start-up validator aggregates the failures of several sections.
                var all = new List<string>();
                foreach (var inner in aggregate.Flatten().InnerExceptions)
                {
                    if (!TryDescribe(inner, configuration, out var innerMessages))
                    {
                        messages = [];
                        return false;
                    }

                    all.AddRange(innerMessages);
                }

                messages = all;
                return all.Count > 0;
            case UnknownSettingsException unknown:
                messages = unknown.Problems;
                return true;
            case OptionsValidationException validation:
                messages = validation.Failures.Select(failure => WithSource(configuration, failure)).ToList();
                return true;
            case InvalidOperationException binding when binding.Source == BinderAssembly && UnknownSetting().Match(binding.Message) is { Success: true } unknown:
                // Options types are named after their section (KafkaOptions binds "Kafka").
                messages = [$"unknown setting(s) in section {unknown.Groups["section"].Value}: {unknown.Groups["names"].Value} (see Configuration in README.md)"];
                return true;
            case InvalidOperationException binding when binding.Source == BinderAssembly:
                // e.g. "Failed to convert configuration value at 'Pipeline:MaxInFlightStatuses' to type 'System.Int32'."
                messages = [binding.Message];
                return true;
            default:
                messages = [];
                return false;
        }
    }

    /// <summary>
    /// Validators name the setting first ("Retry:MaxRetries must be between 0 and 100 (was -1)."); this adds where it was
    /// set, worded as for unknown settings, so the operator knows which file, variable or flag to fix. A setting no source
    /// has (a default, or a required one left out) gets nothing.
    /// </summary>
    private static string WithSource(IConfiguration? configuration, string message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        var key = (space < 0 ? message : message[..space]).TrimEnd(':', '.');
        if (configuration is null || !key.Contains(':', StringComparison.Ordinal) || SettingSources.Of(configuration, key) is not { } source)
        {
            return message;
        }

        return message.EndsWith('.') ? $"{message[..^1]} ({source})." : $"{message} ({source})";
    }

    [GeneratedRegex(@"instance of [\w.]+\.(?<section>\w+)Options: (?<names>.+)$")]
    private static partial Regex UnknownSetting();
}
