using System.CommandLine;
using System.Globalization;

namespace StatusStream.Cli;

/// <summary>A number flag with a default and a range, checked while parsing so a value out of range exits 2 naming the flag.</summary>
internal static class RangedOption
{
    /// <param name="range">The allowed values in words, for the error: "between 1 and 16", "more than 0 and at most 3600".</param>
    public static Option<T> Create<T>(string name, string description, T defaultValue, Func<T, bool> inRange, string range)
        where T : IParsable<T>
    {
        var option = new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            // Only what was typed: a validator on the whole command reads an absent option as 0, not as its default
            // (which is how `status` once refused its own default --interval). An unparsable value is reported by the parser.
            if (result.Tokens.Count > 0
                && T.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out var value)
                && !inRange(value))
            {
                result.AddError($"{name} must be {range} (was {result.Tokens[^1].Value}).");
            }
        });
        return option;
    }
}
