using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StatusStream.Http;
using StatusStream.Settings;

namespace StatusStream.Health;

internal static class HealthRegistration
{
    /// <summary>/healthz and /readyz on the HTTP listener (when Http:Urls is set).</summary>
    public static IHostApplicationBuilder AddHealthEndpoints(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<HealthOptions, HealthOptionsValidator>(builder.Configuration, HealthOptions.SectionName);
        services.AddSingleton<KafkaReachability>();
        services.AddSingleton<LivenessHealthCheck>();
        services.AddSingleton<BrokerHealthCheck>();
        services.AddSingleton<AssignmentHealthCheck>();
        services.AddSingleton(sp => new HealthCheckRegistration("process", sp.GetRequiredService<LivenessHealthCheck>(), HealthStatus.Unhealthy,
            [HealthRoutes.LiveTag, HealthRoutes.ReadyTag]));
        services.AddSingleton(sp => new HealthCheckRegistration("kafka", sp.GetRequiredService<BrokerHealthCheck>(), HealthStatus.Unhealthy,
            [HealthRoutes.ReadyTag]));
        services.AddSingleton(sp => new HealthCheckRegistration("partitions", sp.GetRequiredService<AssignmentHealthCheck>(), HealthStatus.Unhealthy,
            [HealthRoutes.ReadyTag]));
        services.AddSingleton<IHttpRoutes, HealthRoutes>();
        services.AddSingleton<IOpenApiDocumentTransformer, HealthDocument>();
        return builder;
    }
}
