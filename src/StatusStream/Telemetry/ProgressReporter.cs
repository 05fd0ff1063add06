using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatusStream.Telemetry;

/// <summary>
/// One line at Information every Telemetry:ProgressIntervalSeconds: the counters since start, what
/// changed since the last line, what is in flight and the consumer lag. An operator tailing the log
/// sees that the processor is alive and moving, without a metrics backend.
/// </summary>
internal sealed class ProgressReporter(
    StatusStreamMetrics metrics,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<ProgressReporter> logger) : BackgroundService
{
    private MetricTotals? _last;

    /// <summary>Logs one progress line: the totals, and what changed since the previous line (or since start).</summary>
    public void ReportOnce()
    {
        var last = _last ?? new MetricTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
        var now = metrics.Totals();
        Log.Progress(logger, now.RecordsConsumed, now.RecordsConsumed - last.RecordsConsumed,
            now.StatusesDelivered, now.StatusesDelivered - last.StatusesDelivered, now.DeliveredByKafka, now.DeliveredByWebhook,
            now.MessagesForwarded, now.MessagesForwarded - last.MessagesForwarded,
            now.Retries, now.Retries - last.Retries, now.Retries - now.MessageRetries, now.MessageRetries,
            now.BreakerWaits, now.BreakerWaits - last.BreakerWaits,
            now.DeadLetters, now.DeadLetters - last.DeadLetters, now.DeadLetters - now.MessageDeadLetters, now.MessageDeadLetters,
            now.InFlight, now.ConsumerLag is { } lag ? lag.ToString(CultureInfo.InvariantCulture) : "unknown");
        _last = now;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.ProgressIntervalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ReportOnce();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
