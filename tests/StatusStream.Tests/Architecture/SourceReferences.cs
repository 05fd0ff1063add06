using System.Text;
using System.Text.RegularExpressions;

namespace StatusStream.Tests.Architecture;

/// <summary>
/// Which folders each .cs file of src/StatusStream names, read from the text: using directives, and qualified names
/// (StatusStream.X.Y, or X.Y resolved the way C# resolves it from the file's namespace outward). The compiled assembly
/// does not show a constant read from another folder (the compiler copies its value), so this scan sees what IL cannot.
/// Comments and string literals are blanked first; interpolation holes go with their string (the IL check sees those).
/// </summary>
internal static partial class SourceReferences
{
    public static IReadOnlyList<SourceReference> In(string sourceRoot)
    {
        var folders = Directory.GetDirectories(sourceRoot).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal);
        var files = folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(sourceRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path: Path.GetRelativePath(sourceRoot, path).Replace('\\', '/'), Text: File.ReadAllText(path)))
            .ToList();
        var namespaces = files.Select(file => NamespaceOf(Blank(file.Text))).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var references = new List<SourceReference>();
        foreach (var (path, text) in files)
        {
            var code = Blank(text);
            var lines = text.Split('\n');
            var from = path[..path.IndexOf('/', StringComparison.Ordinal)];
            var fileNamespace = NamespaceOf(code) ?? "StatusStream";
            foreach (Match match in Qualified().Matches(code))
            {
                var name = match.Groups["name"].Value;
                var resolved = match.Groups["root"].Success ? $"StatusStream.{name}" : Resolve(fileNamespace, name, namespaces);
                if (resolved is not null && TopFolderOf(resolved) is { } to && to != from && folders.Contains(to))
                {
                    var line = code.AsSpan(0, match.Index).Count('\n') + 1;
                    references.Add(new SourceReference(from, to, path, line, lines[line - 1].Trim()));
                }
            }
        }

        return references;
    }

    /// <summary>The namespace a simple name X names from inside <paramref name="fileNamespace"/>: N.X, then its parents' X.</summary>
    private static string? Resolve(string fileNamespace, string name, HashSet<string> namespaces)
    {
        for (var scope = fileNamespace; scope.Length > 0; scope = scope.Contains('.', StringComparison.Ordinal) ? scope[..scope.LastIndexOf('.')] : "")
        {
            if (namespaces.Contains($"{scope}.{name}"))
            {
                return $"{scope}.{name}";
            }
        }

        return null;
    }

    private static string? TopFolderOf(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "StatusStream" ? parts[1] : null;
    }

    private static string? NamespaceOf(string code) => FileNamespace().Match(code) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The code with comments and the contents of string and char literals replaced by spaces (lines kept).</summary>
    internal static string Blank(string code)
    {
        var text = new StringBuilder(code.Length);
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            var next = i + 1 < code.Length ? code[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < code.Length && code[i] != '\n')
                {
                    text.Append(' ');
                    i++;
                }
            }
            else if (c == '/' && next == '*')
            {
                var end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Skip(code, text, i, end < 0 ? code.Length : end + 2);
            }
            else if (c == '"' && next == '"' && i + 2 < code.Length && code[i + 2] == '"')
            {
                var quotes = 0;
                while (i + quotes < code.Length && code[i + quotes] == '"')
                {
                    quotes++;
                }

                var end = code.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                i = Skip(code, text, i, end < 0 ? code.Length : end + quotes);
            }
            else if (c == '"')
            {
                var verbatim = i > 0 && (code[i - 1] == '@' || (i > 1 && code[i - 1] == '$' && code[i - 2] == '@'));
                var end = i + 1;
                while (end < code.Length)
                {
                    if (verbatim && code[end] == '"' && end + 1 < code.Length && code[end + 1] == '"')
                    {
                        end += 2;
                    }
                    else if (!verbatim && code[end] == '\\')
                    {
                        end += 2;
                    }
                    else if (code[end] == '"' || (!verbatim && code[end] == '\n'))
                    {
                        break;
                    }
                    else
                    {
                        end++;
                    }
                }

                i = Skip(code, text, i, Math.Min(code.Length, end + 1));
            }
            else if (c == '\'' && i + 2 < code.Length && (code[i + 2] == '\'' || (next == '\\' && i + 3 < code.Length)))
            {
                var end = code.IndexOf('\'', i + (next == '\\' ? 3 : 2));
                i = Skip(code, text, i, end < 0 ? code.Length : end + 1);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }

    private static int Skip(string code, StringBuilder text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            text.Append(code[i] == '\n' ? '\n' : ' ');
        }

        return to;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    // "StatusStream.X" anywhere (usings included), or "X." not preceded by a name part: a candidate namespace X.
    [GeneratedRegex(@"(?:(?<root>(?<![\w.])(?:global::)?StatusStream\.)|(?<![\w.:]))(?<name>[A-Z]\w*)\.(?=[A-Za-z_])")]
    private static partial Regex Qualified();
}
