using System.Diagnostics;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Docs;

/// <summary>
/// The reference parsers of tools/contracts (npm packages, installed by test.sh into tools/contracts/node_modules), run
/// with Node.js on a file of the repository. Without Node or the packages the calling test fails and says how to get them.
/// </summary>
internal static class ContractParsers
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs tools/contracts/&lt;script&gt; on a repository-relative file; its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string script, string file)
    {
        var tools = RepositoryRoot.PathOf("tools", "contracts");
        Assert.True(Directory.Exists(Path.Combine(tools, "node_modules")),
            "tools/contracts/node_modules is missing: run ./test.sh (it installs the parsers) or `cd tools/contracts && npm install --no-package-lock`");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(RepositoryRoot.PathOf(file));

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node cannot be run ({e.Message}): install Node.js (apt-get install -y nodejs npm; test.sh does this where it is missing)");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} {file} did not end within {Timeout.TotalSeconds:0} s");
            }

            return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
        }
    }
}
