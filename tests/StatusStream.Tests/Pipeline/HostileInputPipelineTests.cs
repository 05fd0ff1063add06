using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>
/// What a producer with write access to the input topics only can put in a record's headers, key and value, end to end
/// on the embedded cluster: nothing of it reaches a request, a callback record, a dead letter's headers or a log line
/// unchecked. Each test ends on a marker record that was processed after the hostile ones, so an absence is settled.
/// </summary>
public sealed class HostileInputPipelineTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Webhook_TraceParentWithCrlf_NeverOnTheRequest_NoSecondRequest_ValidOneCarried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true" });
        using var producer = kafka.CreateProducer();
        var smuggling = TraceParent + "\r\nContent-Length: 0\r\n\r\nPOST /smuggled HTTP/1.1\r\nHost: attacker.example\r\nX-A: ";

        Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/hook"), ("traceparent", smuggling), ("baggage", "k=v\r\nX-B: 1"));
        Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/marker"), ("traceparent", TraceParent), ("tracestate", "congo=t61rcWkgMzE"),
            ("baggage", "userId=alice"));
        producer.Flush();
        // Deliveries run concurrently: both answered, in either order. A smuggled request would have reached the receiver
        // on the first one's connection before it answered.
        await Poll.UntilAsync(() => receiver.Received.Count >= 2, Deadline, () => $"{receiver.Received.Count} of 2 requests");

        Assert.Equal(["/hook", "/marker"], receiver.Received.Select(r => r.PathAndQuery).Order());
        var hostile = receiver.Received.Single(r => r.PathAndQuery == "/hook");
        Assert.Equal("", hostile.Header("traceparent"));
        Assert.Equal("", hostile.Header("baggage"));
        Assert.DoesNotContain(hostile.Headers, h => h.Value.Contains("attacker", StringComparison.Ordinal) || h.Key.StartsWith("X-", StringComparison.Ordinal));
        var marker = receiver.Received.Single(r => r.PathAndQuery == "/marker");
        Assert.Equal(TraceParent, marker.Header("traceparent"));
        Assert.Equal("congo=t61rcWkgMzE", marker.Header("tracestate"));
        Assert.Equal("userId=alice", marker.Header("baggage"));
    }

    [Fact]
    public async Task KafkaCallback_HugeTraceParentOnAnEightRecipientEvent_NotCopied_ValidContextCarried()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();
        var hostile = SampleEvents.Multicast(callback, recipients: 8);
        var marker = SampleEvents.Multicast(callback, recipients: 1);

        Produce(producer, topics.Input, hostile.Json, ("traceparent", TraceParent + new string('0', 120_000)), ("statusstream.replay-of", "0:0"));
        Produce(producer, topics.Input, marker.Json, ("traceparent", TraceParent), ("tracestate", "congo=t61rcWkgMzE"), ("baggage", "userId=alice"));
        producer.Flush();
        await reader.WaitForAsync(callback, 9, Deadline);

        var records = reader.On(callback);
        var fromHostile = records.Where(r => Encoding.UTF8.GetString(r.Message.Key) == hostile.EventId.ToString("D")).ToList();
        Assert.Equal(8, fromHostile.Count);
        Assert.All(fromHostile, r => Assert.Equal([StatusHeaders.Recipient, StatusHeaders.StatusId, StatusHeaders.ContentType], r.Message.Headers.Select(h => h.Key)));
        Assert.True(fromHostile.Sum(r => r.Message.Headers.Sum(h => h.GetValueBytes().Length)) < 8 * 200);
        var carried = records.Single(r => Encoding.UTF8.GetString(r.Message.Key) == marker.EventId.ToString("D"));
        Assert.Equal(TraceParent, SampleEvents.Header(carried, "traceparent"));
        Assert.Equal("congo=t61rcWkgMzE", SampleEvents.Header(carried, "tracestate"));
        Assert.Equal("userId=alice", SampleEvents.Header(carried, "baggage"));
    }

    [Fact]
    public async Task DeadLetter_NonJsonWithTerminalEscapesAndForgedHeaders_DetailAndLogEscaped_OnlyCheckedHeadersCopied()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, configure: builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();
        var value = "\u001b[2J\u001b]0;owned\u0007\r\n  0:0  2026-01-01T00:00:00Z  forged line\u001b[0m"u8.ToArray();

        Produce(producer, topics.Input, value, ("traceparent", "00-bad\r\n"), ("statusstream.replay-of", "0:0"), ("statusstream.reason", "replayed"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = reader.On(topics.DeadLetter).Single();
        Assert.Equal(value, deadLetter.Message.Value); // the record itself is kept byte for byte, in the value only
        Assert.Equal("not-json", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.DoesNotContain(deadLetter.Message.Headers, h => h.Key is "traceparent" or DeadLetterHeaders.ReplayOf);
        Assert.Single(deadLetter.Message.Headers, h => h.Key == DeadLetterHeaders.Reason);
        foreach (var header in deadLetter.Message.Headers)
        {
            Assert.DoesNotContain(Encoding.UTF8.GetString(header.GetValueBytes()), c => char.IsControl(c));
        }

        await Poll.UntilAsync(() => Logs(host).Any(l => l.Id.Id == 1001), Deadline, () => "no dead-letter log line");
        var line = Logs(host).Single(l => l.Id.Id == 1001).Message;
        Assert.DoesNotContain(line, c => char.IsControl(c));
        Assert.DoesNotContain("owned", line, StringComparison.Ordinal);
        Assert.DoesNotContain("forged", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetter_InboundRecordThatEchoesItsContent_DetailAndLogWithoutAnyOfIt()
    {
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, configure: builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();
        // The callback target quotes the sender's number and text: a reader's detail would echo it.
        var message = SampleInboundMessages.Kafka($"{SampleInboundMessages.SourceNumber} Hello Notify");

        SampleEvents.Produce(producer, topics.Inbound, message.Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = reader.On(topics.DeadLetter).Single();
        Assert.Equal("bad-callback-target", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        SampleInboundMessages.AssertNoPersonalData(InboundMessagePipelineTests.HeaderText(deadLetter.Message.Headers), "the dead letter's headers");
        await Poll.UntilAsync(() => Logs(host).Any(l => l.Id.Id == 1001), Deadline, () => "no dead-letter log line");
        SampleInboundMessages.AssertNoPersonalData(string.Join("\n", Logs(host).Select(l => l.Message)), "the log");
        Assert.Contains($"{topics.Inbound}[{deadLetter.Message.Headers.GetLastBytes(DeadLetterHeaders.OriginalPartition)[0] - '0'}]",
            Logs(host).Single(l => l.Id.Id == 1001).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_KeyOverMaxKeyBytes_DeadLetteredAsKeyTooLarge_WithoutReadingItsValue()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, topics.DeadLetter, callback);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?> { ["Intake:MaxKeyBytes"] = "1024" });
        using var producer = kafka.CreateProducer();

        producer.Produce(topics.Input, new Message<byte[], byte[]> { Key = new byte[1025], Value = SampleEvents.Multicast(callback, 1).Json });
        producer.Produce(topics.Input, new Message<byte[], byte[]> { Key = new byte[1024], Value = SampleEvents.Multicast(callback, 1).Json });
        producer.Flush();
        await reader.WaitForAsync(callback, 1, Deadline);
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = reader.On(topics.DeadLetter).Single();
        Assert.Equal("key-too-large", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal("key: 1025 bytes, more than Intake:MaxKeyBytes = 1024", SampleEvents.Header(deadLetter, DeadLetterHeaders.Detail));
        Assert.Equal("0", SampleEvents.Header(deadLetter, DeadLetterHeaders.OriginalOffset));
    }

    private static void Produce(IProducer<byte[], byte[]> producer, string topic, byte[] value, params (string Name, string Value)[] headers)
    {
        var list = new Headers();
        foreach (var (name, text) in headers)
        {
            list.Add(name, Encoding.UTF8.GetBytes(text));
        }

        producer.Produce(topic, new Message<byte[], byte[]> { Value = value, Headers = list });
    }

    private static IReadOnlyList<FakeLogRecord> Logs(PipelineHost host) => host.Services.GetFakeLogCollector().GetSnapshot();
}
