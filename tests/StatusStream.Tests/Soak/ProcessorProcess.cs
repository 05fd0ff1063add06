using System.Diagnostics;
using System.Globalization;

namespace StatusStream.Tests.Soak;

/// <summary>One processor as its own process (<c>dotnet StatusStream.dll run ...</c>), killed with SIGKILL or stopped with SIGTERM.</summary>
public sealed class ProcessorProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();
    private long _peakRss;
    private long _lastRss;

    private ProcessorProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    // Only the tail matters for a report; a long soak must not grow this without bound.
                    if (_stderr.Length > 64 * 1024)
                    {
                        _stderr.Remove(0, 32 * 1024);
                    }

                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The largest resident set seen by <see cref="SampleRss"/>.</summary>
    public long PeakRssBytes => Interlocked.Read(ref _peakRss);

    /// <summary>The resident set at the last <see cref="SampleRss"/>.</summary>
    public long LastRssBytes => Interlocked.Read(ref _lastRss);

    public static ProcessorProcess Start(string appPath, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(appPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ProcessorProcess(Process.Start(start)!);
    }

    public void SampleRss()
    {
        try
        {
            if (_process.HasExited)
            {
                return;
            }

            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    Interlocked.Exchange(ref _lastRss, kib * 1024);
                    if (kib * 1024 > Interlocked.Read(ref _peakRss))
                    {
                        Interlocked.Exchange(ref _peakRss, kib * 1024);
                    }
                }
            }
        }
        catch (IOException)
        {
            // exited between the check and the read
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits up to <paramref name="deadline"/>; kills it if it is still running then.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
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
