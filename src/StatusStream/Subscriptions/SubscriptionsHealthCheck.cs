using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StatusStream.Health;

namespace StatusStream.Subscriptions;

/// <summary>Readiness with subscriptions on: the subscriptions topic has been read to its end, so this instance routes like every other.</summary>
internal sealed class SubscriptionsHealthCheck(SubscriptionTopicFollower follower, SubscriptionStore store, ILogger<SubscriptionsHealthCheck> logger)
    : GuardedHealthCheck(logger)
{
    protected override Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(follower.CaughtUp
            ? HealthCheckResult.Healthy($"{store.Count} subscription(s) loaded")
            : HealthCheckResult.Unhealthy("the subscriptions topic has not been read to its end yet"));
}
