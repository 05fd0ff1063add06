using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StatusStream.Kafka;

namespace StatusStream.Health;

/// <summary>
/// Liveness: the process runs and has not failed fatally. A broker outage is not a liveness failure
/// (restarting would not bring the broker back); it only makes the instance not ready.
/// </summary>
internal sealed class LivenessHealthCheck(PipelineFailures failures, ILogger<LivenessHealthCheck> logger) : GuardedHealthCheck(logger)
{
    protected override Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(failures.FatalReason is { } reason
            ? HealthCheckResult.Unhealthy($"stopping after a fatal error: {reason}")
            : HealthCheckResult.Healthy("running"));
}
