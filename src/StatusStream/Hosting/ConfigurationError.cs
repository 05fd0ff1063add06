using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StatusStream.Settings;

namespace StatusStream.Hosting;

/// <summary>Recognises the exceptions bad configuration causes at start-up, so they print as one clear line each.</summary>
internal static partial class ConfigurationError
{
    private const string BinderAssembly = "Microsoft.Extensions.Configuration.Binder";

    public static bool TryDescribe(Exception exception, out IReadOnlyList<string> messages)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                // The start-up validator aggregates the failures of several sections.
                var all = new List<string>();
                foreach (var inner in aggregate.Flatten().InnerExceptions)
                {
                    if (!TryDescribe(inner, out var innerMessages))
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
                messages = validation.Failures.ToList();
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

    [GeneratedRegex(@"instance of [\w.]+\.(?<section>\w+)Options: (?<names>.+)$")]
    private static partial Regex UnknownSetting();
}
