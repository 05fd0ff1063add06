using System.Collections.Concurrent;
using System.Diagnostics;

namespace StatusStream.Tests.Support;

/// <summary>The built StatusStream app run as a separate process, as an operator would run it.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private AppProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> StandardOutput => _stdout.ToArray();

    public string StandardError => string.Join('\n', _stderr);

    public int Id => _process.Id;

    /// <summary>The app's own build output, of the configuration these tests were built in.</summary>
    public static string AppPath
    {
        get
        {
            // tests/StatusStream.Tests/bin/<Configuration>/net10.0/linux-x64/
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testOutput.Parent!.Parent!.Name;
            var root = testOutput;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatusStream.sln")))
            {
                root = root.Parent;
            }

            Assert.NotNull(root);
            return Path.Combine(root.FullName, "src", "StatusStream", "bin", configuration, "net10.0", "linux-x64", "StatusStream.dll");
        }
    }

    public static AppProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>With extra environment variables, set in the child only (never in this process, where other tests' hosts would read them).</summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(AppPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new AppProcess(Process.Start(start)!);
    }

    public async Task<string> WaitForOutputLineAsync(string prefix, TimeSpan deadline)
    {
        await Poll.UntilAsync(() => StandardOutput.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)) || _process.HasExited, deadline,
            () => $"no line starting '{prefix}'; stderr: {StandardError}");
        return StandardOutput.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"exited with {_process.ExitCode} before printing '{prefix}'; stderr: {StandardError}");
    }

    /// <summary>SIGTERM, as Kubernetes sends it.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>SIGKILL: no shutdown code runs, as in an OOM kill or a node failure.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"still running after {deadline.TotalSeconds:0} s; stderr: {StandardError}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
