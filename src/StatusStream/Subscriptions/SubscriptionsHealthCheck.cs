using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StatusStream.Subscriptions;

/// <summary>Readiness with subscriptions on: the subscriptions topic has been read to its end, so this instance routes like every other.</summary>
internal sealed class SubscriptionsHealthCheck(SubscriptionTopicFollower follower, SubscriptionStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(follower.CaughtUp
            ? HealthCheckResult.Healthy($"{store.Count} subscription(s) loaded")
            : HealthCheckResult.Unhealthy("the subscriptions topic has not been read to its end yet"));
}
