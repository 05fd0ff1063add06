using System.Text.RegularExpressions;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Docs;

/// <summary>
/// The README stays a front door (at most 300 lines, its two commands and its tour there), and no file of the
/// repository cites a document a reader does not have: source systems are named, not numbered.
/// </summary>
public sealed partial class FrontDoorTests
{
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts", ".git"];

    [Fact]
    public void Readme_AtMost300LinesWithTheTwoCommandsAndTheTour()
    {
        var readme = RepositoryRoot.ReadAllText("README.md");

        Assert.True(readme.Split('\n').Length <= 301, $"README.md has {readme.Split('\n').Length} lines; move the detail to a page under docs/");
        Assert.Contains("./statusstream demo", readme, StringComparison.Ordinal);
        Assert.Contains("./test.sh", readme, StringComparison.Ordinal);
        Assert.Contains("kcat -P", readme, StringComparison.Ordinal);
        Assert.Contains("kcat -q -C", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_NoFile_CitesADocumentOutsideIt()
    {
        var citations = new List<string>();
        foreach (var file in Files(RepositoryRoot.PathOf()))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (OutsideDocument().IsMatch(lines[i]))
                {
                    citations.Add($"{Path.GetRelativePath(RepositoryRoot.PathOf(), file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(citations.Count == 0, "name the source system instead:\n" + string.Join("\n", citations));
    }

    [Theory]
    [InlineData("the se" + "ed 000 shape", true)]  // split, so neither this file nor a grep of it matches
    [InlineData("see DES" + "IGN.md", true)]
    [InlineData("as the is" + "sue asked", true)]
    [InlineData("City OS status callbacks", false)]
    [InlineData("new Random(seed: 3)", false)]
    public void OutsideDocument_Line_MatchesCitationsOnly(string line, bool cites) =>
        Assert.Equal(cites, OutsideDocument().IsMatch(line));

    private static IEnumerable<string> Files(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (Path.GetExtension(file) is ".cs" or ".md" or ".json" or ".yaml" or ".yml" or ".sh" or ".mjs" or ".props" or "" && !file.EndsWith(".dll", StringComparison.Ordinal))
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(directory).Where(d => !Skipped.Contains(Path.GetFileName(d))))
        {
            foreach (var file in Files(sub))
            {
                yield return file;
            }
        }
    }

    // Written so that this file does not match itself: a document number, the design notes, or "the issue".
    [GeneratedRegex(@"(?i)\bs[e]ed 0\d\d\b|\bDESIGN[.]md\b|\bthe [i]ssue (asked|says|wants)\b")]
    private static partial Regex OutsideDocument();
}
