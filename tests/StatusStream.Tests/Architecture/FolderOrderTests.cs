using NetArchTest.Rules;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Architecture;

/// <summary>
/// The folders of src/StatusStream keep <see cref="FolderOrder"/>: checked on the compiled assembly (every type
/// reference, NetArchTest) and on the source text (what the compiler inlines: constants), and docs/architecture.md
/// shows the same order.
/// </summary>
public sealed class FolderOrderTests
{
    private const string DiagramStart = "<!-- folder-order: generated from tests/StatusStream.Tests/Architecture/FolderOrder.cs -->";
    private const string DiagramEnd = "<!-- folder-order end -->";

    public static TheoryData<string> Folders => [.. FolderOrder.Folders];

    [Fact]
    public void Levels_NameEveryFolderOfTheAppOnce()
    {
        var onDisk = Directory.GetDirectories(RepositoryRoot.PathOf("src", "StatusStream")).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj")).Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, FolderOrder.Folders.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void CompiledTypes_UseOnlyFoldersBelowTheirLevel(string folder)
    {
        var forbidden = FolderOrder.ForbiddenFor(folder).Select(other => $"StatusStream.{other}").ToArray();
        if (forbidden.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(typeof(StatusHeaders).Assembly)
            .That().ResideInNamespace($"StatusStream.{folder}")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} (level {FolderOrder.LevelOf(folder)}) uses a folder of its level or above: "
            + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void SourceFiles_NameOnlyFoldersBelowTheirLevel()
    {
        var breaches = SourceReferences.In(RepositoryRoot.PathOf("src", "StatusStream"))
            .Where(reference => !FolderOrder.MayUse(reference.From, reference.To))
            .Select(reference => $"{reference} (level {FolderOrder.LevelOf(reference.From)} -> {FolderOrder.LevelOf(reference.To)})")
            .ToList();

        Assert.True(breaches.Count == 0, "src/StatusStream breaks the folder order (docs/architecture.md):\n" + string.Join('\n', breaches));
    }

    [Fact]
    public void SourceScan_SeesAQualifiedConstantOfAnotherFolder()
    {
        // The very kind of reference IL cannot show: the scan must find it, or the check above proves nothing.
        var root = Directory.CreateTempSubdirectory("folder-order-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Retry"));
            Directory.CreateDirectory(Path.Combine(root, "DeadLetters"));
            File.WriteAllText(Path.Combine(root, "Retry", "A.cs"), "namespace StatusStream.Retry;\n\n// DeadLetters.B.C in a comment\ninternal static class A\n{\n    public const string C = DeadLetters.B.C + \"Records.X\";\n}\n");
            File.WriteAllText(Path.Combine(root, "DeadLetters", "B.cs"), "using System.Text;\n\nnamespace StatusStream.DeadLetters;\n\ninternal static class B\n{\n    public const string C = \"c\";\n}\n");

            var reference = Assert.Single(SourceReferences.In(root));

            Assert.Equal(("Retry", "DeadLetters", "Retry/A.cs", 6), (reference.From, reference.To, reference.File, reference.Line));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ArchitecturePage_ShowsTheFolderOrder()
    {
        var page = RepositoryRoot.ReadAllText("docs", "architecture.md").ReplaceLineEndings("\n");
        var start = page.IndexOf(DiagramStart, StringComparison.Ordinal);
        var end = page.IndexOf(DiagramEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/architecture.md has no block between '{DiagramStart}' and '{DiagramEnd}'");

        var shown = page[(start + DiagramStart.Length)..end].Trim('\n');

        Assert.Equal($"```\n{FolderOrder.Diagram()}\n```", shown);
    }
}
