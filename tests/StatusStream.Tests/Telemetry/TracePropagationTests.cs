using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StatusStream.Embedded;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

/// <summary>With traces on, one trace follows a notification from its input record to the callback, through a retry.</summary>
[Collection(TracingCollection.Name)]
public sealed class TracePropagationTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private const string InputTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private static Dictionary<string, string?> TracesOn => new()
    {
        ["Telemetry:Traces"] = "true",
        ["Webhooks:AllowLoopback"] = "true",
        ["Retry:BackoffFactor"] = "0.1",
        ["Retry:BackoffMax"] = "0.5",
    };

    [Fact]
    public async Task UnreadableRecord_ItsSpanEndsAsAnErrorNamingTheReason()
    {
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        using var spans = new SpanRecorder();
        await using var host = await PipelineHost.StartAsync(kafka, topics, TracesOn);
        using var producer = kafka.CreateProducer();

        producer.Produce(topics.Input, new Message<byte[], byte[]>
        {
            Value = "not json at all"u8.ToArray(),
            Headers = new Headers { { StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(InputTraceParent) } },
        });
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var input = ActivityContext.Parse(InputTraceParent, null);
        await Poll.UntilAsync(() => spans.InTrace(input.TraceId).Any(), Deadline, () => "no span for the unreadable record");
        var process = Assert.Single(spans.InTrace(input.TraceId));
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal($"process {topics.Input}", process.DisplayName);
        Assert.Equal(input.SpanId, process.ParentSpanId);
        Assert.Equal((ActivityStatusCode.Error, "not-json"), (process.Status, process.StatusDescription));
    }

    [EmbeddedOnlyFact]
    public async Task KafkaCallback_RetriedOnce_CallbackAndRetryRecordsCarryTheInputsTraceId()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        using var reader = new TopicReader(kafka, callback, topics.Retry);
        using var spans = new SpanRecorder();
        await using var host = await PipelineHost.StartAsync(kafka, topics, TracesOn);
        using var producer = kafka.CreateProducer();

        producer.Produce(topics.Input, new Message<byte[], byte[]>
        {
            Value = SampleEvents.Multicast(callback, recipients: 1).Json,
            Headers = new Headers { { StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(InputTraceParent) } },
        });
        producer.Flush();
        await reader.WaitForAsync(callback, 1, Deadline);

        var input = ActivityContext.Parse(InputTraceParent, null);
        var delivered = Context(reader.On(callback).Single());
        Assert.Equal(input.TraceId, delivered.TraceId);
        // Continued, not copied: the callback names the delivery attempt's span, not the producer's.
        Assert.NotEqual(input.SpanId, delivered.SpanId);
        Assert.NotEmpty(reader.On(topics.Retry));
        Assert.All(reader.On(topics.Retry), r => Assert.Equal(input.TraceId, Context(r).TraceId));

        // The attempt's span ends in the delivery report, which may run just after the reader saw the record.
        await Poll.UntilAsync(() => spans.InTrace(input.TraceId).Any(s => s.SpanId == delivered.SpanId), Deadline, () => "the delivered attempt's span did not end");
        var recorded = spans.InTrace(input.TraceId);
        var process = Assert.Single(recorded, s => s.Kind == ActivityKind.Consumer);
        Assert.Equal(input.SpanId, process.ParentSpanId);
        var attempts = recorded.Where(s => s.Kind == ActivityKind.Producer).ToList();
        Assert.InRange(attempts.Count, 2, 3);
        Assert.All(attempts, a => Assert.Equal(process.SpanId, a.ParentSpanId));
        Assert.Contains(attempts, a => a.SpanId == delivered.SpanId && a.Status != ActivityStatusCode.Error);
        Assert.Contains(attempts, a => a.Status == ActivityStatusCode.Error);
    }

    [EmbeddedOnlyFact]
    public async Task Webhook_503ThenOk_BothRequestsCarryTheInputsTraceId()
    {
        var topics = PipelineTopics.Create(kafka);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503, 200);
        await using var host = await PipelineHost.StartAsync(kafka, topics, TracesOn);
        using var producer = kafka.CreateProducer();

        producer.Produce(topics.Input, new Message<byte[], byte[]>
        {
            Value = SampleEvents.Webhook($"{receiver.BaseUrl}/hook"),
            Headers = new Headers { { StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(InputTraceParent) } },
        });
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count >= 2, Deadline, () => $"{receiver.Received.Count} requests");

        var input = ActivityContext.Parse(InputTraceParent, null);
        var requests = receiver.Received.Take(2).Select(r => ActivityContext.Parse(r.Headers[StatusHeaders.TraceParent], null)).ToList();
        Assert.All(requests, r => Assert.Equal(input.TraceId, r.TraceId));
        // Each attempt is its own span (the attempt's: the webhook client makes none), and neither is the producer's.
        Assert.NotEqual(requests[0].SpanId, requests[1].SpanId);
        Assert.DoesNotContain(requests, r => r.SpanId == input.SpanId);
    }

    private static ActivityContext Context(ConsumeResult<byte[], byte[]> record) =>
        ActivityContext.Parse(Assert.Single(record.Message.Headers, h => h.Key == StatusHeaders.TraceParent) is var h
            ? Encoding.UTF8.GetString(h.GetValueBytes())
            : "", null);
}
