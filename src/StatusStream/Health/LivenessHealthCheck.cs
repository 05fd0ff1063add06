using Microsoft.Extensions.Diagnostics.HealthChecks;
using StatusStream.Outbound;

namespace StatusStream.Health;

/// <summary>
/// Liveness: the process runs and has not failed fatally. A broker outage is not a liveness failure
/// (restarting would not bring the broker back); it only makes the instance not ready.
/// </summary>
internal sealed class LivenessHealthCheck(PipelineFailures failures) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(failures.FatalReason is { } reason
            ? HealthCheckResult.Unhealthy($"stopping after a fatal error: {reason}")
            : HealthCheckResult.Healthy("running"));
}
