using System.CommandLine.Parsing;

namespace StatusStream.Cli;

/// <summary>Turns System.CommandLine's parse errors into the one line an operator needs.</summary>
internal static class CommandLineErrors
{
    public static string Describe(IReadOnlyList<ParseError> errors)
    {
        // An unknown command also yields "Required command was not provided." for the root; the
        // unrecognized token is what names the mistake.
        var unrecognized = errors.Where(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)).ToList();
        var shown = unrecognized.Count > 0 ? unrecognized : errors;
        return string.Join(" ", shown.Select(e => e.Message.Trim()).Distinct(StringComparer.Ordinal));
    }
}
