using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StatusStream.Http;
using StatusStream.Settings;

namespace StatusStream.Telemetry;

internal static class TelemetryRegistration
{
    /// <summary>The .NET runtime's built-in meter (dotnet.gc.*, dotnet.process.*, dotnet.thread_pool.*).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Instruments and spans (always there, through DI), the statistics relay and the progress line;
    /// OpenTelemetry providers only for what is exported (OTLP, Prometheus), so an instance that
    /// exports nothing pays for no aggregation.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(builder.Configuration, TelemetryOptions.SectionName);
        services.AddSingleton<IValidateOptions<TelemetryOptions>, PrometheusListenerCheck>();
        services.AddMetrics();
        var export = TelemetryExport.From(builder.Configuration, Environment.GetEnvironmentVariable);
        services.AddSingleton(export);
        services.AddSingleton<StatusStreamMetrics>();
        services.AddSingleton<StatusTracing>();
        services.AddSingleton<KafkaStatisticsRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<KafkaStatisticsRelay>());
        services.AddHostedService<ProgressReporter>();

        if (!export.Metrics && !export.Traces)
        {
            return builder;
        }

        var otel = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(export.ServiceName));
        if (export.Metrics)
        {
            otel.WithMetrics(metrics =>
            {
                // The runtime's own meter (GC, memory, CPU, thread pool): what an operator looks at beside ours when
                // throughput drops. Observable instruments, read only when exported.
                metrics.AddMeter(StatusStreamMetrics.MeterName, RuntimeMeterName);
                if (export.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(o => Configure(o, export, "v1/metrics"));
                }

                if (export.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        if (export.Prometheus)
        {
            services.AddSingleton<IHttpRoutes>(sp => new PrometheusRoutes(sp.GetRequiredService<MeterProvider>()));
            services.AddSingleton<IOpenApiDocumentTransformer, PrometheusDocument>();
        }

        if (export.Traces)
        {
            otel.WithTracing(tracing =>
            {
                // HttpClient's span of each webhook POST sits under the attempt's span; its URL is cut to the authority
                // before any exporter (added after it) sees the span.
                tracing.AddSource(StatusTracing.SourceName).AddHttpClientInstrumentation().AddProcessor(new HttpSpanUrlRedaction());
                if (export.OtlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter(o => Configure(o, export, "v1/traces"));
                }
            });
        }

        return builder;
    }

    private static void Configure(OtlpExporterOptions options, TelemetryExport export, string signalPath)
    {
        options.Endpoint = export.SignalEndpoint(signalPath);
        options.Protocol = export.OtlpHttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (export.OtlpHeaders is not null)
        {
            // Often a collector's API key: passed on, never logged.
            options.Headers = export.OtlpHeaders;
        }
    }
}
