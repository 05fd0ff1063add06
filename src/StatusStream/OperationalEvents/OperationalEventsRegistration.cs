using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;

namespace StatusStream.OperationalEvents;

internal static class OperationalEventsRegistration
{
    /// <summary>The operations topic: its writer, and the read-back of endpoint states that start-up waits for.</summary>
    public static IServiceCollection AddOperationalEvents(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DisabledEndpoints(sp.GetRequiredService<IOptions<KafkaOptions>>().Value.GroupId));
        services.AddSingleton<OperationalEventWriter>();
        services.AddSingleton<OperationsTopicFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationsTopicFollower>());
        return services;
    }
}
