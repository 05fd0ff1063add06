using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace StatusStream.Settings;

/// <summary>
/// Turns what an options validator generated from <c>[Range]</c> attributes (<see cref="OptionsValidatorAttribute"/>) found
/// into the lines the host prints: one per setting, named as it is configured, with its range and the value it had
/// (<c>Pipeline:CommitIntervalSeconds must be above 0 and at most 60 (was 0).</c>). The generated text names the C#
/// type and property, which a person editing appsettings.json or an environment variable does not see.
/// </summary>
internal static class DeclaredRanges
{
    public static ValidateOptionsResult Describe<TOptions>(string section, TOptions options, ValidateOptionsResult generated)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(generated);
        if (!generated.Failed)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        foreach (var failure in generated.Failures ?? [generated.FailureMessage])
        {
            // The generator writes "<Property>: <message>".
            var colon = failure.IndexOf(':', StringComparison.Ordinal);
            var property = colon > 0 ? typeof(TOptions).GetProperty(failure[..colon], BindingFlags.Public | BindingFlags.Instance) : null;
            failures.Add(property?.GetCustomAttribute<RangeAttribute>() is { } range
                ? Line($"{section}:{property.Name}", range, property.GetValue(options))
                : $"{section}: {failure}");
        }

        return ValidateOptionsResult.Fail(failures);
    }

    private static string Line(string setting, RangeAttribute range, object? value)
    {
        var (minimum, maximum, was) = (Text(range.Minimum), Text(range.Maximum), Text(value));
        return range.MinimumIsExclusive
            ? $"{setting} must be above {minimum} and at most {maximum} (was {was})."
            : $"{setting} must be between {minimum} and {maximum} (was {was}).";
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
