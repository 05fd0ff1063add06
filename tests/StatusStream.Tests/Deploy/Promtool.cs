using StatusStream.Tests.Support;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// Runs Debian's promtool (package "prometheus"; test.sh installs it where missing) in deploy/monitoring.
/// A machine without it fails the test that needs it, naming the package: a silent skip would let broken rules through.
/// </summary>
internal static class Promtool
{
    public static (int ExitCode, string Output) Run(params string[] arguments) =>
        ToolProcess.Run("promtool", RepositoryRoot.PathOf("deploy", "monitoring"),
            "install Debian's prometheus package (apt-get install -y --no-install-recommends prometheus; test.sh does this where it is missing)",
            arguments);
}
