using StatusStream.Tests.Support;

namespace StatusStream.Tests.Docs;

/// <summary>
/// The reference parsers of tools/contracts (npm packages, installed by test.sh into tools/contracts/node_modules), run
/// with Node.js on a file of the repository. Without Node or the packages the calling test fails and says how to get them.
/// </summary>
internal static class ContractParsers
{
    /// <summary>Runs tools/contracts/&lt;script&gt; on a repository-relative file; its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string script, string file)
    {
        var tools = RepositoryRoot.PathOf("tools", "contracts");
        Assert.True(Directory.Exists(Path.Combine(tools, "node_modules")),
            "tools/contracts/node_modules is missing: run ./test.sh (it installs the parsers) or `cd tools/contracts && npm install --no-package-lock`");
        return ToolProcess.Run("node", tools, "install Node.js (apt-get install -y nodejs npm; test.sh does this where it is missing)",
            script, RepositoryRoot.PathOf(file));
    }
}
