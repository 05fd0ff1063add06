using System.Text.Json;
using System.Text.RegularExpressions;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// A Dockerfile read the way the builder reads it, as far as these tests need: comments and parser
/// directives dropped, backslash continuations joined, instructions numbered by build stage.
/// </summary>
internal sealed partial class ParsedDockerfile
{
    private ParsedDockerfile(IReadOnlyList<DockerfileInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerfileInstruction> Instructions { get; }

    public IReadOnlyList<DockerfileInstruction> Stages => Instructions.Where(i => i.Keyword == "FROM").ToList();

    public int FinalStage => Stages.Count - 1;

    public static ParsedDockerfile Parse(string text)
    {
        var instructions = new List<DockerfileInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length == 0)
            {
                continue;
            }

            var match = InstructionPattern().Match(whole);
            if (!match.Success)
            {
                throw new FormatException($"not a Dockerfile instruction: {whole}");
            }

            var keyword = match.Groups["keyword"].Value.ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerfileInstruction(keyword, Spaces().Replace(match.Groups["arguments"].Value.Trim(), " "), stage));
        }

        return new ParsedDockerfile(instructions);
    }

    public IReadOnlyList<DockerfileInstruction> InStage(int stage) => Instructions.Where(i => i.Stage == stage).ToList();

    public DockerfileInstruction Single(int stage, string keyword) => Assert.Single(InStage(stage), i => i.Keyword == keyword);

    /// <summary>FROM's image, without --platform and the AS name.</summary>
    public static string ImageOf(DockerfileInstruction from) =>
        from.Arguments.Split(' ').Where(a => !a.StartsWith("--", StringComparison.Ordinal)).First();

    /// <summary>FROM's stage name (after AS), or null.</summary>
    public static string? NameOf(DockerfileInstruction from)
    {
        var parts = from.Arguments.Split(' ');
        var at = Array.FindIndex(parts, p => p.Equals("AS", StringComparison.OrdinalIgnoreCase));
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
    }

    /// <summary>An exec-form (JSON array) ENTRYPOINT or CMD; a shell form would not get the stop signal as PID 1.</summary>
    public static string[] ExecForm(DockerfileInstruction instruction) =>
        JsonSerializer.Deserialize<string[]>(instruction.Arguments) ?? throw new FormatException($"{instruction.Line} is not in exec form");

    [GeneratedRegex(@"^(?<keyword>[A-Za-z]+)\s+(?<arguments>.*)$", RegexOptions.Singleline)]
    private static partial Regex InstructionPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
