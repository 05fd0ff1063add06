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
using StatusStream.Http;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Pipeline;
using StatusStream.Retry;
using StatusStream.Routing;
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

        services.AddSingleton<PipelineFailures>();
        services.AddSingleton(BuildProducer);
        services.AddSingleton<NonBlockingProducer>();

        // Routing -> delivery -> retry / dead letters: each step knows the next only by its contract.
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
        builder.AddHttpListener();
        services.AddSingleton<OrderedDelivery>();
        services.AddSingleton<RecordProcessor>();
        services.AddSingleton<StatusPipelineService>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusPipelineService>());
        services.AddSingleton<RetryConsumerService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetryConsumerService>());
        return builder;
    }

    /// <summary>Binds a section strictly (an unknown key is an error) and validates it when the host starts.</summary>
    public static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    /// <summary>One producer for callbacks, retries and dead letters: one connection set, one idempotence sequence.</summary>
    private static IProducer<byte[], byte[]> BuildProducer(IServiceProvider services)
    {
        var kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var pipeline = services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var failures = services.GetRequiredService<PipelineFailures>();
        var logger = services.GetRequiredService<ILogger<NonBlockingProducer>>();
        return new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(kafka, pipeline.MaxInFlightStatuses))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    failures.ReportFatal($"the producer failed fatally: {error.Code} {error.Reason}");
                }
                else
                {
                    Log.ClientError(logger, "producer", error.Code.ToString(), error.Reason);
                }
            })
            .SetLogHandler((_, message) => Log.ClientLog(logger, ClientLogLevel.Of(message.Level), "producer", message.Facility, message.Message))
            .Build();
    }
}
