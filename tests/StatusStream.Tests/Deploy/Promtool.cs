using System.Diagnostics;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// Runs Debian's promtool (package "prometheus"; test.sh installs it where missing) in deploy/monitoring.
/// A machine without it fails the test that needs it, naming the package: a silent skip would let broken rules through.
/// </summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            WorkingDirectory = Support.RepositoryRoot.PathOf("deploy", "monitoring"),
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
            Assert.Fail($"promtool cannot be run ({e.Message}): install Debian's prometheus package "
                + "(apt-get install -y --no-install-recommends prometheus; test.sh does this where it is missing)");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"promtool {string.Join(' ', arguments)} did not end within {Timeout.TotalSeconds:0} s");
            }

            return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
        }
    }
}
