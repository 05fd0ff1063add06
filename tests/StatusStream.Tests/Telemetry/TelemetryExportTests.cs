using Microsoft.Extensions.Configuration;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Telemetry;

public sealed class TelemetryExportTests
{
    [Fact]
    public void From_NothingSet_NoExportNoTraces()
    {
        var export = TelemetryExport.From(Config(), _ => null);

        Assert.Equal((null, false, false, false), (export.OtlpEndpoint, export.Traces, export.Prometheus, export.Metrics));
    }

    [Fact]
    public void From_StandardEnvironmentVariable_OtlpAndTracesOn()
    {
        var export = TelemetryExport.From(Config(), name => name == TelemetryOptions.OtlpEndpointVariable ? "http://collector:4317" : null);

        Assert.Equal(new Uri("http://collector:4317"), export.OtlpEndpoint);
        Assert.True(export.Traces);
        Assert.True(export.Metrics);
        Assert.Equal(new Uri("http://collector:4317"), export.SignalEndpoint("v1/traces"));
    }

    [Fact]
    public void From_ConfigurationWinsOverEnvironment_HttpProtobufGetsAPathPerSignal_TracesCanBeTurnedOff()
    {
        var export = TelemetryExport.From(
            Config(("Telemetry:OtlpEndpoint", "http://collector:4318/"), ("Telemetry:OtlpProtocol", "http/protobuf"), ("Telemetry:Traces", "false")),
            name => name == TelemetryOptions.OtlpEndpointVariable ? "http://elsewhere:4317" : null);

        Assert.Equal(new Uri("http://collector:4318/v1/metrics"), export.SignalEndpoint("v1/metrics"));
        Assert.False(export.Traces);
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317", "OtlpEndpoint")]
    [InlineData("Telemetry:OtlpProtocol", "udp", "OtlpProtocol")]
    [InlineData("Telemetry:ProgressIntervalSeconds", "-1", "ProgressIntervalSeconds")]
    [InlineData("Telemetry:KafkaStatisticsIntervalSeconds", "100000", "KafkaStatisticsIntervalSeconds")]
    public void Validator_BadValue_NamesTheSetting(string key, string value, string setting)
    {
        var options = Config((key, value)).GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()!;

        var result = new TelemetryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Telemetry:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
