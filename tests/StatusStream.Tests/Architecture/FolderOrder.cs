namespace StatusStream.Tests.Architecture;

/// <summary>
/// The one statement of which folder of src/StatusStream may use which: bottom level first, and a folder may use only
/// the folders of the levels below its own (never one of its own level, so there is no cycle). docs/architecture.md
/// shows <see cref="Diagram"/>, and <see cref="FolderOrderTests"/> holds the code and that page to it.
/// </summary>
internal static class FolderOrder
{
    public static readonly IReadOnlyList<IReadOnlyList<string>> Levels =
    [
        ["Records", "Settings", "Commit", "Serialization"],
        ["Intake", "Http"],
        ["Expansion", "Telemetry"],
        ["Kafka", "Outbound"],
        ["DeadLetters", "OperationalEvents"],
        ["Retry"],
        ["Delivery"],
        ["Routing"],
        ["Pipeline"],
        ["Health", "Operations"],
        ["Subscriptions"],
        ["Hosting"],
        ["Replay", "Demo"],
        ["Cli"],
    ];

    public static IEnumerable<string> Folders => Levels.SelectMany(level => level);

    public static int LevelOf(string folder)
    {
        for (var i = 0; i < Levels.Count; i++)
        {
            if (Levels[i].Contains(folder, StringComparer.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"src/StatusStream/{folder} is not in FolderOrder.Levels", nameof(folder));
    }

    public static bool MayUse(string from, string to) => from == to || LevelOf(to) < LevelOf(from);

    /// <summary>The folders <paramref name="folder"/> must not use: its own level's others and every level above.</summary>
    public static IEnumerable<string> ForbiddenFor(string folder) =>
        Folders.Where(other => other != folder && !MayUse(folder, other));

    /// <summary>The levels top first, as docs/architecture.md shows them.</summary>
    public static string Diagram()
    {
        var lines = new List<string>();
        for (var i = Levels.Count - 1; i >= 0; i--)
        {
            lines.Add($"{i,2}  {string.Join("  ", Levels[i])}");
        }

        return string.Join('\n', lines);
    }
}
