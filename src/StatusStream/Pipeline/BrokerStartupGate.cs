using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>
/// Holds the start of the host until a Kafka broker answers a metadata request. While none does,
/// it says so in one clear line at once and then every <see cref="ReportEvery"/> (instead of the
/// consumers' reconnect errors many times a second); after Kafka:StartupTimeoutSeconds (0 = never)
/// it stops the host with exit code 1 and a message naming the address and the setting.
/// Registered before the consume loops, which therefore never start against a cluster that is not there.
/// </summary>
internal sealed class BrokerStartupGate(
    IOptions<KafkaOptions> options,
    PipelineFailures failures,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BrokerStartupGate> logger,
    KafkaClientFactory clients) : IHostedService
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbePause = TimeSpan.FromSeconds(1);
    private readonly LatestClientError _lastError = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var kafka = options.Value;
        var limit = kafka.StartupTimeoutSeconds > 0 ? TimeSpan.FromSeconds(kafka.StartupTimeoutSeconds) : (TimeSpan?)null;
        // The gate reports for all clients; the probe's own errors only supply the reason.
        using var admin = clients.Admin(KafkaClientConfigs.Admin(kafka), new ClientLogging(logger, "admin") { OwnErrors = _lastError.Keep });
        var started = time.GetTimestamp();
        TimeSpan? reportedAt = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                await Task.Run(() => admin.GetMetadata(ProbeTimeout), cancellationToken);
                if (reportedAt is not null)
                {
                    Log.BrokerReachable(logger, kafka.BootstrapServers, time.GetElapsedTime(started).TotalSeconds);
                }

                return;
            }
            catch (KafkaException e)
            {
                reason = _lastError.Or(e.Error.Reason);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var waited = time.GetElapsedTime(started);
            if (waited >= limit)
            {
                failures.ReportFatal($"no Kafka broker answered at {kafka.BootstrapServers} within {limit.Value.TotalSeconds:0} s "
                    + $"({KafkaOptions.SectionName}:{nameof(KafkaOptions.StartupTimeoutSeconds)}; 0 waits forever): {reason}");
                Environment.ExitCode = ExitCodes.Fatal;
                lifetime.StopApplication();
                return;
            }

            if (reportedAt is null || waited - reportedAt >= ReportEvery)
            {
                var remaining = limit is null
                    ? $"waiting for it ({KafkaOptions.SectionName}:{nameof(KafkaOptions.StartupTimeoutSeconds)}=0)"
                    : $"giving up after {limit.Value.TotalSeconds:0} s ({KafkaOptions.SectionName}:{nameof(KafkaOptions.StartupTimeoutSeconds)})";
                Log.BrokerUnreachable(logger, kafka.BootstrapServers, reason, waited.TotalSeconds, remaining);
                reportedAt = waited;
            }

            try
            {
                await Task.Delay(ProbePause, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
