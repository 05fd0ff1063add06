using System.Text.RegularExpressions;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Docs;

/// <summary>Every relative link in README.md and docs/ leads somewhere: the file exists, and a #fragment names a heading of its page.</summary>
public sealed partial class LinkTests
{
    [Fact]
    public void RelativeLinks_ReadmeAndDocs_ResolveToAFileAndAHeading()
    {
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var file in MarkdownDocs.Files())
        {
            var text = RepositoryRoot.ReadAllText(file);
            foreach (var (line, prose) in MarkdownDocs.ProseLines(text))
            {
                foreach (Match link in Link().Matches(prose))
                {
                    var target = link.Groups["target"].Value;
                    if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto")
                    {
                        continue;
                    }

                    checkedLinks++;
                    if (Problem(file, target) is { } problem)
                    {
                        broken.Add($"{file}:{line}: ({target}) {problem}");
                    }
                }
            }
        }

        Assert.True(checkedLinks > 50, $"only {checkedLinks} relative links found: is the link pattern still right?");
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Theory]
    [InlineData("docs/configuration.md", null)]
    [InlineData("docs/configuration.md#kafka", null)]
    [InlineData("docs/no-such-page.md", "no such file")]
    [InlineData("docs/configuration.md#no-such-heading", "no heading")]
    [InlineData("#no-such-heading", "no heading")]
    public void Problem_ReadmeLink_FindsMissingFilesAndAnchors(string target, string? expected)
    {
        var problem = Problem("README.md", target);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    private static string? Problem(string file, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var fragment = hash < 0 ? null : target[(hash + 1)..];
        var directory = Path.GetDirectoryName(file) ?? "";
        var resolved = path.Length == 0 ? file : Path.GetRelativePath(RepositoryRoot.PathOf(), Path.GetFullPath(Path.Combine(RepositoryRoot.PathOf(), directory, path))).Replace('\\', '/');
        if (resolved.StartsWith("..", StringComparison.Ordinal))
        {
            return "leaves the repository";
        }

        var full = RepositoryRoot.PathOf(resolved);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return $"no such file {resolved}";
        }

        if (fragment is null || !resolved.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }

        return MarkdownDocs.Anchors(File.ReadAllText(full)).Contains(fragment) ? null : $"no heading #{fragment} in {resolved}";
    }

    // [text](target) and ![alt](target); the target ends at whitespace or ')' (an optional "title" follows a space).
    [GeneratedRegex(@"!?\[(?:[^\]\\]|\\.)*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();
}
