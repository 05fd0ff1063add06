using System.Diagnostics;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Telemetry;

public sealed class HttpSpanUrlRedactionTests : IDisposable
{
    private readonly ActivitySource _source = new("StatusStream.Tests.HttpSpans");
    private readonly ActivityListener _listener;

    public HttpSpanUrlRedactionTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    [Fact]
    public void OnEnd_ClientSpan_UrlCutToSchemeHostAndPort_PathAttributesGone()
    {
        using var span = _source.StartActivity("POST", ActivityKind.Client)!;
        span.SetTag("url.full", "https://svc:s3cr3tPass@hooks.example.test:8443/services/T000/B000/s3cr3tT0ken?*");
        span.SetTag("url.path", "/services/T000/B000/s3cr3tT0ken");
        span.SetTag("server.address", "hooks.example.test");

        new HttpSpanUrlRedaction().OnEnd(span);

        Assert.Equal("https://hooks.example.test:8443", span.GetTagItem("url.full"));
        Assert.Null(span.GetTagItem("url.path"));
        Assert.Equal("hooks.example.test", span.GetTagItem("server.address"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string v && v.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void OnEnd_NotAnHttpClientSpan_Untouched()
    {
        using var span = _source.StartActivity("process notification.events", ActivityKind.Consumer)!;
        span.SetTag("url.full", "https://example.test/kept");

        new HttpSpanUrlRedaction().OnEnd(span);

        Assert.Equal("https://example.test/kept", span.GetTagItem("url.full"));
    }
}
