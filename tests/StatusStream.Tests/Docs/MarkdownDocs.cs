using System.Text.RegularExpressions;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Docs;

/// <summary>The repository's Markdown documentation: README.md and every page under docs/, read as text.</summary>
internal static partial class MarkdownDocs
{
    /// <summary>Repository-relative paths ('/'-separated) of README.md and docs/**/*.md.</summary>
    public static IReadOnlyList<string> Files()
    {
        var docs = Directory.EnumerateFiles(RepositoryRoot.PathOf("docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.PathOf(), f).Replace('\\', '/'));
        return [.. new[] { "README.md" }.Concat(docs).Order(StringComparer.Ordinal)];
    }

    /// <summary>The text outside fenced code blocks, line by line (code may show anything that looks like a link).</summary>
    public static IEnumerable<(int Line, string Text)> ProseLines(string text)
    {
        var fenced = false;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
            {
                yield return (i + 1, lines[i]);
            }
        }
    }

    /// <summary>The anchors a GitHub-style renderer gives a page's headings: lower case, punctuation dropped, spaces as dashes, repeats numbered.</summary>
    public static IReadOnlySet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, line) in ProseLines(text))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var title = heading.Groups[1].Value.Trim().Replace("`", "", StringComparison.Ordinal);
            var anchor = Regex.Replace(title.ToLowerInvariant(), @"[^\p{L}\p{Nd} _-]", "").Replace(' ', '-');
            var candidate = anchor;
            for (var n = 1; !anchors.Add(candidate); n++)
            {
                candidate = $"{anchor}-{n}";
            }
        }

        return anchors;
    }

    [GeneratedRegex(@"^#{1,6} (.+?)\s*#*$")]
    private static partial Regex Heading();
}
