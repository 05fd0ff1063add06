using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.DeadLetters;
using StatusStream.Delivery;
using StatusStream.Delivery.Kafka;
using StatusStream.Delivery.Webhooks;
using StatusStream.Health;
using StatusStream.Http;
using StatusStream.Kafka;
using StatusStream.OperationalEvents;
using StatusStream.Outbound;
using StatusStream.Pipeline;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Settings;
using StatusStream.Subscriptions;
using StatusStream.Telemetry;

namespace StatusStream.Hosting;

internal static class StatusPipelineRegistration
{
    /// <summary>The core pipeline: options (validated at start), the shared producer, and the consume loop.</summary>
    public static IHostApplicationBuilder AddStatusPipeline(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<KafkaOptions, KafkaOptionsValidator>(builder.Configuration, KafkaOptions.SectionName);
        services.AddValidatedOptions<PipelineOptions, PipelineOptionsValidator>(builder.Configuration, PipelineOptions.SectionName);
        services.AddValidatedOptions<RetryOptions, RetryOptionsValidator>(builder.Configuration, RetryOptions.SectionName);
        services.AddValidatedOptions<RoutingOptions, RoutingOptionsValidator>(builder.Configuration, RoutingOptions.SectionName);
        builder.AddIntake();
        builder.AddTelemetry();
        builder.AddSchemaRegistry();

        services.AddSingleton<PipelineFailures>();
        // Before the broker gate: /healthz answers (and /readyz says why not) while no broker does.
        builder.AddHttpListener();
        builder.AddHealthEndpoints();
        // First of the hosted services: nothing consumes before a broker answers.
        services.AddHostedService<BrokerStartupGate>();
        services.AddSingleton<KafkaClientFactory>();
        services.AddSingleton(BuildProducer);
        services.AddSingleton<NonBlockingProducer>();
        services.AddSingleton<InternalTopicWriter>();
        // Before the consume loops start: the endpoints disabled before a restart or by another instance stay disabled.
        services.AddOperationalEvents();

        // Routing -> delivery -> retry / dead letters: each step knows the next only by its contract.
        services.AddSingleton<InputTopicNamespaces>();
        services.AddSingleton<ITargetPolicy, InputTopicNamespacePolicy>();
        services.AddSingleton<ITargetPolicy, SourceNamespacePolicy>();
        services.AddSingleton<ITargetPolicy, KnownEndpointPolicy>();
        services.AddSingleton<CallbackTargets>();
        services.AddSingleton<CallbackRouter>();
        services.AddSingleton<IStatusDelivery>(sp => sp.GetRequiredService<CallbackRouter>());
        services.AddSingleton<ICallbackTransport, KafkaCallbackDelivery>();
        services.AddSingleton<RetryPolicies>();
        services.AddSingleton<DeliveryFailureHandler>();
        services.AddSingleton<IDeliveryFailures>(sp => sp.GetRequiredService<DeliveryFailureHandler>());
        services.AddSingleton<DeadLetterPublisher>();
        services.AddSingleton<RetryParker>();
        builder.AddWebhookDelivery();
        builder.AddSubscriptions();
        services.AddSingleton<OrderedDelivery>();
        services.AddSingleton<RecordProcessor>();
        services.AddSingleton<StatusPipelineService>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusPipelineService>());
        services.AddSingleton<RetryConsumerService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetryConsumerService>());
        return builder;
    }

    /// <summary>One producer for callbacks, retries and dead letters: one connection set, one idempotence sequence.</summary>
    private static IProducer<byte[], byte[]> BuildProducer(IServiceProvider services)
    {
        var kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var pipeline = services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var failures = services.GetRequiredService<PipelineFailures>();
        var logger = services.GetRequiredService<ILogger<NonBlockingProducer>>();
        return services.GetRequiredService<KafkaClientFactory>().Producer(
            KafkaClientConfigs.Producer(kafka, pipeline.MaxInFlightStatuses),
            new ClientLogging(logger, "producer")
            {
                OnFatal = error => failures.ReportFatal($"the producer failed fatally: {error.Code} {error.Reason}"),
            });
    }
}
