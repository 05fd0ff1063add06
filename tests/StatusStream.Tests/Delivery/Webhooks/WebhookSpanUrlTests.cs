using System.Collections.Concurrent;
using System.Diagnostics;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>
/// A webhook URL's path and query can be a credential (chat-style hooks). Exported spans are cut by the telemetry
/// processor, but any in-process ActivityListener (an APM agent, a diagnostics tool) sees the spans themselves: none may
/// carry more of the URL than the logs do (scheme, host and port), with traces exported or not.
/// </summary>
public sealed class WebhookSpanUrlTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task Deliver_InProcessActivityListener_NoSpanCarriesTheWebhookPathOrQuery(string traces)
    {
        var secret = "s3cr3t" + Guid.NewGuid().ToString("N");
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503, 200);
        var topics = PipelineTopics.Create(kafka);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Telemetry:Traces"] = traces,
            ["Webhooks:AllowLoopback"] = "true",
            ["Retry:BackoffFactor"] = "0.1",
            ["Retry:BackoffMax"] = "0.5",
        });
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook($"{receiver.BaseUrl}/services/T000/{secret}?token={secret}"));
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");
        await SettledWatermark.CommittedAsync(kafka, topics.GroupId + ".retry", topics.Retry, Deadline);

        if (traces == "true")
        {
            // Both attempts still carried their own span's trace context to the receiver.
            Assert.All(receiver.Received, r => Assert.NotEqual("", r.Header("traceparent")));
            Assert.NotEqual(receiver.Received[0].Header("traceparent"), receiver.Received[1].Header("traceparent"));
        }

        var leaking = seen.Where(a => a.DisplayName.Contains(secret, StringComparison.Ordinal)
            || a.TagObjects.Any(t => t.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true)).ToList();
        Assert.True(leaking.Count == 0, "spans with the URL's secret: " + string.Join("; ", leaking.Select(a =>
            $"{a.Source.Name}/{a.DisplayName} {string.Join(",", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}")));
    }
}
