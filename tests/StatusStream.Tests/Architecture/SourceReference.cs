namespace StatusStream.Tests.Architecture;

/// <summary>A place in src/StatusStream where one folder names another (a using directive or a qualified name).</summary>
internal sealed record SourceReference(string From, string To, string File, int Line, string Text)
{
    public override string ToString() => $"{File}:{Line}: {From} -> {To} ({Text})";
}
