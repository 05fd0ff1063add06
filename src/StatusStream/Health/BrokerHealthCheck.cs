using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace StatusStream.Health;

/// <summary>Readiness: some Kafka broker answers.</summary>
internal sealed class BrokerHealthCheck(KafkaReachability kafka, ILogger<BrokerHealthCheck> logger) : GuardedHealthCheck(logger)
{
    protected override async Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var (up, detail) = await kafka.CheckAsync(cancellationToken);
        return up ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy($"no Kafka broker answers: {detail}");
    }
}
