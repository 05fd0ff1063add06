using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Records;
using StatusStream.Tests.Pipeline;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

/// <summary>
/// A forwarded text message with traces on: one trace from the inbound record to the callback, every attempt's span
/// naming the message by its id, and no span attribute or event holding a number or the text.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class InboundMessageTracingTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Forward_TracesOnAndOneRetry_SpansNameTheMessageIdAndHoldNoPersonalData()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503, 200);
        var topics = PipelineTopics.Create(kafka);
        using var spans = new SpanRecorder();
        var settings = InboundMessagePipelineTests.NotifyEndpoint(receiver);
        settings["Telemetry:Traces"] = "true";
        settings["Logging:LogLevel:Default"] = "Debug";
        await using var host = await PipelineHost.StartAsync(kafka, topics, settings, builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();
        var message = SampleInboundMessages.Webhook(receiver.BaseUrl + "/notify/inbound");

        SampleEvents.Produce(producer, topics.Inbound, message.Json);
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");

        var traceParent = receiver.Received.First(r => r.Answered == 200).Header(StatusHeaders.TraceParent);
        var traceId = System.Diagnostics.ActivityTraceId.CreateFromString(traceParent.Split('-')[1]);
        List<System.Diagnostics.Activity> trace = [];
        await Poll.UntilAsync(() => (trace = [.. spans.InTrace(traceId)]).Count(a => a.Tags.Any(t => t.Key == "messaging.message.id")) >= 2,
            Deadline, () => $"{trace.Count} spans in the trace");

        Assert.Contains(trace, a => a.DisplayName.StartsWith("process " + topics.Inbound, StringComparison.Ordinal));
        Assert.All(trace.Where(a => a.Tags.Any(t => t.Key == "messaging.message.id")),
            a => Assert.Equal(message.Id.ToString("D"), a.GetTagItem("messaging.message.id")));
        SampleInboundMessages.AssertNoPersonalData(string.Join("\n", trace.SelectMany(a =>
            a.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(a.Events.Select(e => e.Name)).Append(a.DisplayName).Append(a.StatusDescription ?? ""))), "span attributes");
        SampleInboundMessages.AssertNoPersonalData(string.Join("\n", host.Services.GetFakeLogCollector().GetSnapshot().Select(l => l.Message)), "logs");
    }
}
