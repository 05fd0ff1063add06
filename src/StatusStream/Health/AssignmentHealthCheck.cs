using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Pipeline;

namespace StatusStream.Health;

/// <summary>Readiness: this instance owns input partitions (Health:RequireAssignment), so it is doing work.</summary>
internal sealed class AssignmentHealthCheck(
    StatusPipelineService input,
    RetryConsumerService retry,
    IOptions<HealthOptions> options,
    ILogger<AssignmentHealthCheck> logger) : GuardedHealthCheck(logger)
{
    protected override Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var owned = input.AssignedPartitions;
        var detail = $"{owned} input and {retry.AssignedPartitions} retry partition(s) assigned";
        return Task.FromResult(owned > 0 || !options.Value.RequireAssignment
            ? HealthCheckResult.Healthy(detail)
            : HealthCheckResult.Unhealthy($"{detail}: this instance owns no input partition (the group is still assigning, or there are more instances than input partitions)"));
    }
}
