using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StatusStream.Health;

namespace StatusStream.Subscriptions;

/// <summary>
/// Readiness with subscriptions on: the subscriptions topic has been read to its end and its follower thread still follows
/// it, so this instance routes like every other. A follower that ended (a fatal client error, a defect) fails readiness:
/// such an instance would route with a view that no longer changes.
/// </summary>
internal sealed class SubscriptionsHealthCheck(SubscriptionTopicFollower follower, SubscriptionStore store, ILogger<SubscriptionsHealthCheck> logger)
    : GuardedHealthCheck(logger)
{
    protected override Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(follower.Problem is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy($"{store.Count} subscription(s) loaded"));
}
