using System.Diagnostics;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Bench;

/// <summary>
/// The compare tool's latency, marginal-CPU and Streamiz modes run end to end on small sizes and print their figures.
/// What the figures are is not asserted (no test times anything): only that each mode completes and reports them.
/// </summary>
public sealed class CompareCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Compare_FixedRate_PrintsPercentilesOfBothSidesAndTheirRatio()
    {
        var (exit, output) = await RunAsync("compare", "--kafka-only", "--rate", "200", "--rate-seconds", "1", "--rounds", "1", "--warmup", "0");

        Assert.True(exit == 0, output);
        Assert.Contains("consumers' fetch.wait.max.ms 10", output, StringComparison.Ordinal);
        Assert.Contains(" 200 events/s:", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  processor +events/s .* p99\.9 [0-9.]+ ", output);
        Assert.Matches(@"(?m)^  baseline +events/s .* p99\.9 [0-9.]+ ", output);
        Assert.Matches(@"ratio processor/baseline p99: median [0-9.]+", output);
    }

    [Fact]
    public async Task Compare_MarginalWithStreamiz_PrintsEachSidesCpuPerStatus()
    {
        var (exit, output) = await RunAsync("compare", "--kafka-only", "--streamiz", "--marginal", "200,600", "--rounds", "1", "--warmup", "0");

        Assert.True(exit == 0, output);
        Assert.Matches(@"(?m)^  processor +-?[0-9.]+ us/status", output);
        Assert.Matches(@"(?m)^  baseline +-?[0-9.]+ us/status", output);
        Assert.Matches(@"(?m)^  streamiz +-?[0-9.]+ us/status", output);
        Assert.Matches(@"processor/streamiz: ratio median -?[0-9.]+", output);
    }

    /// <summary>The benchmark tool of the configuration these tests were built in (the solution builds it).</summary>
    private static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Name;
        var tool = RepositoryRoot.PathOf("bench", "StatusStream.Benchmarks", "bin", configuration, "net10.0", "linux-x64", "StatusStream.Benchmarks.dll");
        Assert.True(File.Exists(tool), $"{tool} is not built (dotnet build StatusStream.sln)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"compare did not finish within {Deadline}: {await stdout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
