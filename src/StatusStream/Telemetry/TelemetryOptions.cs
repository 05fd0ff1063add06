namespace StatusStream.Telemetry;

/// <summary>Metrics and trace export, client statistics and the progress line. Configuration section "Telemetry".</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The standard variable that turns on OTLP export when <see cref="OtlpEndpoint"/> is not set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public const string OtlpHeadersVariable = "OTEL_EXPORTER_OTLP_HEADERS";

    /// <summary>service.name of the exported resource.</summary>
    public string ServiceName { get; set; } = "statusstream";

    /// <summary>OTLP collector, e.g. http://otel-collector:4317. Empty: OTEL_EXPORTER_OTLP_ENDPOINT, else no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>"grpc" or "http/protobuf". Empty: OTEL_EXPORTER_OTLP_PROTOCOL, else grpc.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>Spans per record and per delivery attempt. Empty: on exactly when OTLP export is on.</summary>
    public bool? Traces { get; set; }

    /// <summary>A Prometheus scrape endpoint at /metrics on the HTTP listener (Http:Urls). The exporter is a beta package.</summary>
    public bool Prometheus { get; set; }

    /// <summary>How often librdkafka reports statistics (consumer lag); 0 turns them and the lag gauge off.</summary>
    public double KafkaStatisticsIntervalSeconds { get; set; } = 5;

    /// <summary>How often one progress line is logged at Information; 0 = never.</summary>
    public double ProgressIntervalSeconds { get; set; } = 60;
}
