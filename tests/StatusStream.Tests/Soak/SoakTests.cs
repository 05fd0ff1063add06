using StatusStream.Tests.Support;
using Xunit.Abstractions;

namespace StatusStream.Tests.Soak;

/// <summary>
/// The short form of the fault soak (about a minute): two processor processes, a broker down and up, produce errors,
/// a SIGKILL and restart, 503s from webhook receivers; nothing may be missing. The long form is
/// <c>bench/run-soak.sh --minutes N</c> (same scenario).
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_BrokerDownProduceErrorsKillAnd503s_EveryStatusDeliveredOrDeadLetteredAsPlanned()
    {
        var report = await SoakScenario.RunAsync(new SoakOptions
        {
            AppPath = AppProcess.AppPath,
            FeedTime = TimeSpan.FromSeconds(30),
            EventsPerSecond = 40,
            SettleTime = TimeSpan.FromSeconds(50),
            Log = output.WriteLine,
        });

        output.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(report.Expected, report.DeliveredKafka + report.DeliveredWebhook + report.DeadLettered);
        // The faults must really have bitten: webhook retries happened and statuses were parked.
        Assert.True(report.WebhookFailuresAnswered > 0 && report.RetryRecords > 0, report.ToString());
    }
}
