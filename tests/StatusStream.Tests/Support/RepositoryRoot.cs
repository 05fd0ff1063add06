namespace StatusStream.Tests.Support;

/// <summary>Files of the repository these tests were built from (the directory holding StatusStream.sln).</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StatusStream.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no StatusStream.sln above {AppContext.BaseDirectory}");
    });

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    public static string ReadAllText(params string[] parts) => File.ReadAllText(PathOf(parts));
}
