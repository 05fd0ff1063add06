using System.Globalization;
using System.Text.RegularExpressions;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// CPU time of this process's threads by name, from /proc/self/task (Linux; clock ticks of 10 ms): where a round's
/// process CPU went (<c>--threads</c>). Threads are grouped by their name with numbers folded (<c>rdk:broker#</c>);
/// a thread that ended within the round (the round's feeder and reader, among others) is no longer listed, so its
/// time shows as the rest of the process CPU.
/// </summary>
internal sealed partial class ThreadCpu
{
    private static readonly double TickMicroseconds = 1_000_000.0 / 100;
    private readonly Dictionary<int, (string Name, long Ticks)> _atStart;

    private ThreadCpu(Dictionary<int, (string Name, long Ticks)> atStart) => _atStart = atStart;

    public static ThreadCpu Start() => new(Read());

    /// <summary>Microseconds of CPU per status of each group of threads since the start, the largest first.</summary>
    public IReadOnlyList<(string Name, double MicrosecondsPerStatus)> PerStatus(long statuses, TimeSpan processCpu)
    {
        var now = Read();
        var groups = now
            .GroupBy(t => Digits().Replace(t.Value.Name, "#"))
            .Select(g => (Name: g.Key, Ticks: g.Sum(t => t.Value.Ticks - (_atStart.TryGetValue(t.Key, out var s) && s.Name == t.Value.Name ? s.Ticks : 0))))
            .Where(g => g.Ticks > 0)
            .Select(g => (g.Name, g.Ticks * TickMicroseconds / Math.Max(1, statuses)))
            .ToList();
        var listed = groups.Sum(g => g.Item2);
        groups.Add(("(ended threads, rest)", Math.Max(0, (processCpu.TotalMicroseconds / Math.Max(1, statuses)) - listed)));
        return groups.OrderByDescending(g => g.Item2).ToList();
    }

    public static string Format(IReadOnlyList<(string Name, double MicrosecondsPerStatus)> groups) =>
        string.Join("  ", groups.Where(g => g.MicrosecondsPerStatus >= 0.05)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name} {g.MicrosecondsPerStatus:0.0}")));

    private static Dictionary<int, (string Name, long Ticks)> Read()
    {
        var threads = new Dictionary<int, (string Name, long Ticks)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state is field 3, utime 14 and stime 15 (proc(5)).
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    (stat[(open + 1)..close], long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the thread ended while the directory was read
            }
        }

        return threads;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
