using System.Diagnostics;

namespace StatusStream.Tests.Support;

/// <summary>
/// Runs a command-line tool the tests check files with (promtool, node), waiting at most two minutes. A machine without
/// the tool fails the calling test with the hint how to install it: a silent skip would let a broken file through.
/// </summary>
internal static class ToolProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The tool's exit code and everything it printed (stdout, then stderr).</summary>
    public static (int ExitCode, string Output) Run(string tool, string workingDirectory, string installHint, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{tool} cannot be run ({e.Message}): {installHint}");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{tool} {string.Join(' ', arguments)} did not end within {Timeout.TotalSeconds:0} s");
            }

            return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
        }
    }
}
