using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Intake;

public sealed class InputTraceContextTests : IDisposable
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<InputHeaderDrops> _logger = new();
    private readonly MetricCollector<long> _dropped;
    private readonly InputHeaderDrops _drops;

    public InputTraceContextTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _dropped = new MetricCollector<long>(factory, StatusStreamMetrics.MeterName, StatusStreamMetrics.InputHeadersDropped);
        _drops = new InputHeaderDrops(_logger, new StatusStreamMetrics(factory, TimeProvider.System).InputHeaderDropped);
    }

    public void Dispose()
    {
        _dropped.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Read_ValidContext_CarriedAsItIs_NothingDropped()
    {
        var trace = InputTraceContext.Read(Record(("traceparent", TraceParent), ("tracestate", "congo=t61rcWkgMzE"), ("baggage", "userId=alice"),
            ("statusstream.replay-of", "0:3")), _drops);

        Assert.Equal(new InputTraceContext(TraceParent, "congo=t61rcWkgMzE", "userId=alice"), trace);
        Assert.Equal("traceparent".Length + 55 + "tracestate".Length + 17 + "baggage".Length + 12, trace.HeaderBytes);
        Assert.Empty(_dropped.GetMeasurementSnapshot());
    }

    [Fact]
    public void Read_CrlfTraceParentAndHugeBaggage_DroppedAndCountedByHeaderAndProblem_ValueNeverLogged()
    {
        var smuggling = TraceParent + "\r\n\r\nPOST /smuggled HTTP/1.1\r\nHost: attacker.example\r\n\r\n";
        var trace = InputTraceContext.Read(Record(("traceparent", smuggling), ("tracestate", "congo=t61rcWkgMzE"),
            ("baggage", "k=" + new string('v', 120_000))), _drops);

        Assert.Equal(InputTraceContext.None, trace);
        Assert.Equal(0, trace.HeaderBytes);
        var drops = _dropped.GetMeasurementSnapshot().Select(m => $"{m.Tags[TelemetryTags.Header]}:{m.Tags[TelemetryTags.HeaderProblem]}").Order();
        Assert.Equal(["baggage:invalid", "traceparent:invalid", "tracestate:without-traceparent"], drops);
        var lines = _logger.Collector.GetSnapshot();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(LogLevel.Debug, l.Level));
        Assert.All(lines, l => Assert.Contains("notification.events[2]@17", l.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Message.Contains("smuggled", StringComparison.Ordinal) || l.Message.Contains("vvvv", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RepeatedTraceParent_Dropped()
    {
        var trace = InputTraceContext.Read(Record(("traceparent", TraceParent), ("traceparent", TraceParent)), _drops);

        Assert.Null(trace.TraceParent);
        Assert.Equal("traceparent:repeated", _dropped.GetMeasurementSnapshot().Select(m => $"{m.Tags[TelemetryTags.Header]}:{m.Tags[TelemetryTags.HeaderProblem]}").Single());
    }

    [Fact]
    public void Read_BaggageWithoutTraceParent_StillCarried()
    {
        Assert.Equal(new InputTraceContext(null, null, "userId=alice"), InputTraceContext.Read(Record(("baggage", "userId=alice")), _drops));
        Assert.Equal(InputTraceContext.None, InputTraceContext.Read(Record(), _drops));
    }

    [Fact]
    public void MaxHeaderBytes_BoundsWhatAnyInputCanAddToARecord()
    {
        Assert.Equal(StatusHeaders.TraceParent.Length + 55 + StatusHeaders.TraceState.Length + 512 + StatusHeaders.Baggage.Length + 8192,
            InputTraceContext.MaxHeaderBytes);
    }

    private static ConsumeResult<byte[], byte[]> Record(params (string Name, string Value)[] headers)
    {
        var list = new Headers();
        foreach (var (name, value) in headers)
        {
            list.Add(name, Encoding.UTF8.GetBytes(value));
        }

        return new ConsumeResult<byte[], byte[]>
        {
            Topic = "notification.events",
            Partition = 2,
            Offset = 17,
            Message = new Message<byte[], byte[]> { Value = "{}"u8.ToArray(), Headers = list },
        };
    }
}
