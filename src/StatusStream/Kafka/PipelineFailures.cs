using Microsoft.Extensions.Logging;
using StatusStream.Telemetry;

namespace StatusStream.Kafka;

/// <summary>
/// The one place a fatal condition is raised (a fenced or fatally failed client, a dead-letter topic
/// that refuses records). The first report wins; the pipeline stops consuming, commits only what is
/// acknowledged, and the process exits non-zero.
/// </summary>
internal sealed class PipelineFailures(ILogger<PipelineFailures> logger) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private string? _fatalReason;

    public bool IsFatal => Volatile.Read(ref _fatalReason) is not null;

    public string? FatalReason => Volatile.Read(ref _fatalReason);

    /// <summary>Cancelled on the first fatal report.</summary>
    public CancellationToken Stopping => _stop.Token;

    public void ReportFatal(string reason)
    {
        if (Interlocked.CompareExchange(ref _fatalReason, reason, null) is null)
        {
            Log.PipelineFatal(logger, reason);
            _stop.Cancel();
        }
    }

    public void Dispose() => _stop.Dispose();
}
