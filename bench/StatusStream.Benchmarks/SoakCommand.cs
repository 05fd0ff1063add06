using System.Globalization;
using StatusStream.Tests.Soak;

namespace StatusStream.Benchmarks;

/// <summary>
/// <c>soak --minutes N [--rate EVENTS_PER_SECOND]</c>: the long form of the fault soak, the same scenario as the test
/// suite's short form (its files are compiled into this tool). Runs the Release build of the app as two processes.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = double.Parse(Value(args, "--minutes") ?? "10", CultureInfo.InvariantCulture);
        var rate = int.Parse(Value(args, "--rate") ?? "100", CultureInfo.InvariantCulture);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatusStream.sln")))
        {
            root = root.Parent;
        }

        var app = Path.Combine(root?.FullName ?? ".", "src", "StatusStream", "bin", "Release", "net10.0", "linux-x64", "StatusStream.dll");
        var report = await SoakScenario.RunAsync(new SoakOptions
        {
            AppPath = app,
            FeedTime = TimeSpan.FromMinutes(minutes),
            EventsPerSecond = rate,
            SettleTime = TimeSpan.FromSeconds(90),
            Log = line => Console.WriteLine($"{TimeProvider.System.GetLocalNow():HH:mm:ss} {line}"),
        });
        Console.WriteLine(report);
        return report.Passed ? 0 : 1;
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
