using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

public sealed class ProgressReporterTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-25T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<ProgressReporter> _logger = new();
    private readonly StatusStreamMetrics _metrics;

    public ProgressReporterTests() => _metrics = new StatusStreamMetrics(_services.GetRequiredService<IMeterFactory>(), _clock);

    [Fact]
    public void ReportOnce_TotalsAndChangesSinceTheLastLine()
    {
        using var reporter = Reporter(60);

        _metrics.Consumed("input", "events", "group");
        _metrics.Delivered(CallbackType.Kafka, attempt: 1, _clock.GetUtcNow());
        _metrics.DeadLettered("statusstream.dlq", "not-json", "intake");
        reporter.ReportOnce();
        _metrics.Delivered(CallbackType.Webhook, attempt: 2, _clock.GetUtcNow());
        _metrics.Delivered("kafka", attempt: 1, _clock.GetUtcNow(), TelemetryTags.InboundMessageItem);
        _metrics.Retried(CallbackType.Webhook, nextAttempt: 2);
        reporter.ReportOnce();

        var lines = _logger.Collector.GetSnapshot();
        Assert.All(lines, l => Assert.Equal((LogLevel.Information, 4201), (l.Level, l.Id.Id)));
        Assert.Contains("1 records read (+1), 1 statuses delivered (+1; kafka 1, webhook 0), 0 text messages forwarded (+0), "
            + "0 retries (+0; statuses 0, text messages 0), 0 waits on an open breaker (+0), 1 dead letters (+1; statuses 1, text messages 0)",
            lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("1 records read (+0), 2 statuses delivered (+1; kafka 1, webhook 1), 1 text messages forwarded (+1), "
            + "1 retries (+1; statuses 1, text messages 0), 0 waits on an open breaker (+0), 1 dead letters (+0; statuses 1, text messages 0)",
            lines[1].Message, StringComparison.Ordinal);
        Assert.EndsWith("lag unknown", lines[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOnce_BreakerWaitsAndTextMessages_CountedApartFromStatusRetries()
    {
        using var reporter = Reporter(60);

        _metrics.Retried(CallbackType.Webhook, nextAttempt: 2);
        _metrics.Retried(CallbackType.Webhook, nextAttempt: 2, TelemetryTags.InboundMessageItem);
        _metrics.Retried(CallbackType.Kafka, nextAttempt: 3, TelemetryTags.InboundMessageItem);
        _metrics.WaitedForBreaker();
        _metrics.WaitedForBreaker();
        _metrics.DeadLettered("statusstream.dlq", "refused-by-receiver", "delivery", TelemetryTags.InboundMessageItem);
        reporter.ReportOnce();
        _metrics.WaitedForBreaker();
        reporter.ReportOnce();

        var lines = _logger.Collector.GetSnapshot();
        Assert.Contains("3 retries (+3; statuses 1, text messages 2), 2 waits on an open breaker (+2), 1 dead letters (+1; statuses 0, text messages 1)",
            lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("3 retries (+0; statuses 1, text messages 2), 3 waits on an open breaker (+1), ", lines[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_IntervalPasses_LogsAProgressLine()
    {
        using var reporter = Reporter(60);
        await reporter.StartAsync(CancellationToken.None);

        // ExecuteAsync starts on the thread pool: move the clock until its timer has ticked.
        await Poll.UntilAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(60));
            return _logger.Collector.Count > 0;
        }, TimeSpan.FromSeconds(10), () => "no progress line");
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal(4201, _logger.Collector.LatestRecord.Id.Id);
    }

    [Fact]
    public async Task ExecuteAsync_IntervalZero_NeverLogs()
    {
        using var reporter = Reporter(0);
        await reporter.StartAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromHours(1));
        await (reporter.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(reporter.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, _logger.Collector.Count);
    }

    public void Dispose() => _services.Dispose();

    private ProgressReporter Reporter(double seconds) =>
        new(_metrics, Options.Create(new TelemetryOptions { ProgressIntervalSeconds = seconds }), _clock, _logger);
}
