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
            case InvalidDataException { InnerException: FormatException format } file when FilePath().IsMatch(file.Message):
                // A settings file that does not parse: thrown while the configuration is built, before any host exists.
                messages = [DescribeUnreadableFile(file, format)];
                return true;
            case UnknownSettingsException unknown:
                messages = unknown.Problems;
                return true;
            case OptionsValidationException validation:
                messages = validation.Failures.Select(failure => WithSource(configuration, failure)).ToList();
                return true;
            case InvalidOperationException binding when binding.Source == BinderAssembly && UnknownSetting().Match(binding.Message) is { Success: true } unknown:
                // Options types are named after their section (KafkaOptions binds "Kafka").
                messages = [$"unknown setting(s) in section {unknown.Groups["section"].Value}: {unknown.Groups["names"].Value} (see docs/configuration.md)"];
                return true;
            case InvalidOperationException binding when binding.Source == BinderAssembly && FailedConversion().Match(binding.Message) is { Success: true } failed:
                messages = [WithSource(configuration, DescribeConversion(failed))];
                return true;
            case InvalidOperationException { Source: BinderAssembly, InnerException: InvalidOperationException { Source: BinderAssembly } inner }:
                // Inside a dictionary (Retry:Routes:osp.*:MaxRetries) a strict binder only says "binding has failed";
                // the reason, with the full key, is the exception it wraps.
                return TryDescribe(inner, configuration, out messages);
            case InvalidOperationException binding when binding.Source == BinderAssembly:
                messages = [binding.Message];
                return true;
            default:
                messages = [];
                return false;
        }
    }

    // "Failed to load configuration from file '/app/appsettings.json'." around "Could not parse the JSON file." around the
    // reader's "'\"' is invalid after a value. ... LineNumber: 2 | BytePositionInLine: 2." (both counted from 0).
    private static string DescribeUnreadableFile(InvalidDataException file, FormatException format)
    {
        var path = FilePath().Match(file.Message).Groups["path"].Value;
        if (format.InnerException is System.Text.Json.JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
        {
            var reason = json.Message.Split(" LineNumber:", 2)[0].Trim();
            return $"{path} is not valid JSON at line {line + 1}, byte {position + 1}: {reason}";
        }

        // e.g. "A duplicate key 'Kafka:GroupId' was found."
        return $"{path} cannot be read: {format.Message}";
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

    /// <summary>
    /// "Retry:MaxRetries: 'abc' is not a whole number." instead of the binder's "Failed to convert configuration value 'abc'
    /// at 'Retry:MaxRetries' to type 'System.Int32'.", which names a CLR type an operator never sees. The value is quoted
    /// only where it cannot be a secret.
    /// </summary>
    private static string DescribeConversion(Match failed)
    {
        var key = failed.Groups["key"].Value;
        var expected = Expected(failed.Groups["type"].Value);
        var value = failed.Groups["value"];
        return value.Success && !SecretSettings.MayHoldSecret(key)
            ? $"{key}: '{value.Value}' is not {expected}."
            : $"{key}: the value (not shown: it may be a secret) is not {expected}.";
    }

    /// <summary>What a setting of the binder's target type must look like, in an operator's words.</summary>
    private static string Expected(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: false)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => $"a valid {typeName}",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
                || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(TimeSpan) => "a duration such as 00:00:30",
            _ => $"a valid {type.Name}",
        };
    }

    [GeneratedRegex(@"^Failed to convert configuration value(?: '(?<value>.*)')? at '(?<key>[^']+)' to type '(?<type>[^']+)'\.$", RegexOptions.Singleline)]
    private static partial Regex FailedConversion();

    [GeneratedRegex(@"instance of [\w.]+\.(?<section>\w+)Options: (?<names>.+)$")]
    private static partial Regex UnknownSetting();

    [GeneratedRegex(@"from file '(?<path>[^']+)'")]
    private static partial Regex FilePath();
}
