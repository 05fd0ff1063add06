using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StatusStream.Health;

/// <summary>Readiness: some Kafka broker answers.</summary>
internal sealed class BrokerHealthCheck(KafkaReachability kafka) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (up, detail) = await kafka.CheckAsync(cancellationToken);
        return up ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy($"no Kafka broker answers: {detail}");
    }
}
