using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks;
using StatusStream.Health;
using StatusStream.Http;
using StatusStream.Outbound;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Settings;
using StatusStream.Subscriptions.Api;

namespace StatusStream.Subscriptions;

internal static class SubscriptionRegistration
{
    /// <summary>
    /// Standing subscriptions (section "Subscriptions", validated at start; off unless Subscriptions:Enabled).
    /// Call after the router, the failure decision and webhook delivery are registered and before the HTTP
    /// listener and the consume loops: the follower's start (reading the topic to its end) then runs before
    /// the API answers or anything is routed, and the two decorators below replace the plain registrations.
    /// </summary>
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SubscriptionOptions, SubscriptionOptionsValidator>(builder.Configuration, SubscriptionOptions.SectionName);
        if (!builder.Configuration.GetValue<bool>($"{SubscriptionOptions.SectionName}:{nameof(SubscriptionOptions.Enabled)}"))
        {
            return builder;
        }

        // Validated on start (SubscriptionOptionsValidator), so both succeed here.
        services.AddSingleton(sp => SecretSealer.TryCreate(sp.GetRequiredService<IOptions<SubscriptionOptions>>().Value, out var sealer, out var error)
            ? sealer!
            : throw new InvalidOperationException(error));
        services.AddSingleton(sp => ApiKeyRing.TryCreate(sp.GetRequiredService<IOptions<SubscriptionOptions>>().Value.ApiKeys, out var ring, out var errors)
            ? ring
            : throw new InvalidOperationException(string.Join(" ", errors)));
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionMetrics>();
        services.AddSingleton<SubscriptionRules>();
        services.AddSingleton<SubscriptionRecordReader>();
        services.AddSingleton<SubscriptionTopicFollower>();
        services.AddSingleton<SubscriptionsHealthCheck>();
        services.AddSingleton(sp => new HealthCheckRegistration("subscriptions", sp.GetRequiredService<SubscriptionsHealthCheck>(),
            HealthStatus.Unhealthy, [HealthRoutes.ReadyTag]));
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionTopicFollower>());
        services.AddSingleton<SubscriptionWriter>();
        services.AddHostedService<UntaggedRecordResealer>();
        services.AddSingleton<ITargetSource, SubscriptionTargets>();
        services.AddSingleton<ISubscriptionWebhooks, SubscriptionWebhooks>();
        services.AddSingleton<IHttpRoutes, SubscriptionRoutes>();
        services.AddSingleton<SubscriptionApiDocument>();
        services.AddSingleton<IOpenApiDocumentTransformer>(sp => sp.GetRequiredService<SubscriptionApiDocument>());
        services.AddSingleton<IOpenApiSchemaTransformer>(sp => sp.GetRequiredService<SubscriptionApiDocument>());

        // Decorators: the last registration of a service wins, so these wrap the plain ones.
        services.AddSingleton<SubscriptionDeliveryOutcomes>();
        services.AddSingleton<IDeliverySuccesses>(sp => sp.GetRequiredService<SubscriptionDeliveryOutcomes>());
        services.AddSingleton<IDeliveryFailures>(sp => sp.GetRequiredService<SubscriptionDeliveryOutcomes>());
        services.AddSingleton<IStatusDelivery>(sp => new SubscriptionGate(
            sp.GetRequiredService<CallbackRouter>(), sp.GetRequiredService<SubscriptionStore>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SubscriptionGate>>()));
        return builder;
    }
}
