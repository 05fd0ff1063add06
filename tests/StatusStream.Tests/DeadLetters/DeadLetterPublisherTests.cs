using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Records;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.DeadLetters;

/// <summary>
/// Every input record can be dead-lettered, whatever the size of its key, value and headers: what the dead-letter
/// topic refuses is cut, then made minimal, then skipped with an Error, and the host keeps running and committing.
/// </summary>
public sealed class DeadLetterPublisherTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PublishInvalidInput_KeyAndValueOverTheProducersMaxMessageSize_CutWritten_HostKeepsRunningAndCommits()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, topics.DeadLetter, callback);
        // The client refuses any record over 20,000 bytes, as a dead-letter topic with a small max.message.bytes would.
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?> { ["Kafka:ClientProperties:message.max.bytes"] = "20000" });
        using var producer = kafka.CreateProducer();
        var hugeKey = Enumerable.Range(0, 30_000).Select(i => (byte)('a' + (i % 26))).ToArray();
        var bigValue = Encoding.UTF8.GetBytes(new string('x', 19_900));

        producer.Produce(topics.Input, new Message<byte[], byte[]> { Key = hugeKey, Value = "{}"u8.ToArray() });
        producer.Produce(topics.Input, new Message<byte[], byte[]> { Key = new byte[3000], Value = bigValue });
        var marker = SampleEvents.Multicast(callback, recipients: 1);
        SampleEvents.Produce(producer, topics.Input, marker.Json);
        producer.Flush();
        await reader.WaitForAsync(callback, 1, Deadline);
        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);

        var deadLetters = reader.On(topics.DeadLetter).OrderBy(r => SampleEvents.Header(r, DeadLetterHeaders.OriginalOffset), StringComparer.Ordinal).ToList();
        Assert.Equal(["key-too-large", "not-json"], deadLetters.Select(r => SampleEvents.Header(r, DeadLetterHeaders.Reason)));
        Assert.All(deadLetters, r => Assert.Equal(DeadLetterCut.Cut, SampleEvents.Header(r, DeadLetterHeaders.Truncated)));
        var keyCut = deadLetters[0];
        Assert.Equal(hugeKey[..DeadLetterCut.ExcerptBytes], keyCut.Message.Key);
        Assert.Equal("30000", SampleEvents.Header(keyCut, DeadLetterHeaders.OriginalKeySize));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(hugeKey)), SampleEvents.Header(keyCut, DeadLetterHeaders.OriginalKeySha256));
        Assert.Equal(DeadLetterCut.ExcerptBytes, deadLetters[1].Message.Key.Length);
        Assert.Equal("3000", SampleEvents.Header(deadLetters[1], DeadLetterHeaders.OriginalKeySize));
        Assert.Equal("19900", SampleEvents.Header(deadLetters[1], DeadLetterHeaders.OriginalSize));

        await Poll.UntilAsync(() => Committed(topics.GroupId, new TopicPartition(topics.Input, 0)) == 3, Deadline,
            () => $"committed {Committed(topics.GroupId, new TopicPartition(topics.Input, 0))}, expected 3 (past all three)");
        Assert.False(host.Services.GetRequiredService<PipelineFailures>().IsFatal);
    }

    [Fact]
    public void PublishInvalidInput_RefusedEvenMinimal_SkippedWithAnErrorNamingThePosition_CountedAndAcknowledged()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var skipped = new MetricCollector<long>(factory, StatusStreamMetrics.MeterName, StatusStreamMetrics.DeadLettersSkipped);
        using var failures = new PipelineFailures(NullLogger<PipelineFailures>.Instance);
        var produced = new List<Message<byte[], byte[]>>();
        var client = new Mock<IProducer<byte[], byte[]>>();
        client.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((_, message, report) =>
            {
                produced.Add(message);
                report(new DeliveryReport<byte[], byte[]> { Error = new Error(ErrorCode.MsgSizeTooLarge, "too large"), Message = message });
            });
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var writer = new InternalTopicWriter(new NonBlockingProducer(client.Object), failures, clock, NullLogger<InternalTopicWriter>.Instance);
        var logger = new FakeLogger<DeadLetterPublisher>();
        var publisher = new DeadLetterPublisher(writer, Options.Create(new KafkaOptions()), clock, logger, new StatusStreamMetrics(factory, clock));
        var ledger = new OffsetLedger();
        var acknowledgement = ledger.Track("notification.events", 3, 41, 1);
        var record = new ConsumeResult<byte[], byte[]>
        {
            Topic = "notification.events",
            Partition = 3,
            Offset = 41,
            Message = new Message<byte[], byte[]> { Key = new byte[100], Value = "not json"u8.ToArray(), Headers = [] },
        };

        publisher.PublishInvalidInput(record, InvalidInput.NotJson("x"), InputTraceContext.None, acknowledgement);

        Assert.Equal([null, DeadLetterCut.Cut, DeadLetterCut.MinimalMark], produced.Select(DeadLetterCut.StepOf));
        Assert.False(failures.IsFatal);
        Assert.Equal(42, ledger.Committable().Single(o => o.Partition.Value == 3).Offset.Value);
        Assert.Equal(1, skipped.GetMeasurementSnapshot().Sum(m => m.Value));
        var error = Assert.Single(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Error);
        Assert.Contains("notification.events", error.Message, StringComparison.Ordinal);
        Assert.Contains("@41", error.Message, StringComparison.Ordinal);
        Assert.Contains("SKIPPED", error.Message, StringComparison.Ordinal);
    }

    private long Committed(string groupId, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }
}
