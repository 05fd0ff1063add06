using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NJsonSchema;
using StatusStream.Expansion;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>The whole pipeline on a real Kafka-protocol broker: input topic in, callback and dead-letter topics out.</summary>
public sealed class StatusPipelineServiceTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly Lazy<JsonSchema> StatusSchema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "schemas", "notification-status.schema.json")).GetAwaiter().GetResult());

    [Fact]
    public async Task TuningClientProperty_ForOneKindOfClient_NoWarningFromTheOthers()
    {
        // linger.ms is a producer property; every client gets it, and the consumers would warn that they ignore it.
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
            {
                ["Kafka:ClientProperties:linger.ms"] = "20",
                ["Logging:LogLevel:StatusStream.Pipeline"] = "Debug", // to see the client's configuration warning arrive, at debug
            },
            builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(callback, recipients: 2).Json);
        producer.Flush();
        await reader.WaitForAsync(callback, 2);

        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, l => l.Message.Contains("CONFWARN", StringComparison.Ordinal) && l.Level == LogLevel.Debug);
        Assert.DoesNotContain(logs, l => l.Level >= LogLevel.Warning && l.Message.Contains("ignored by this", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)] // the most whose statuses are held on the stack
    [InlineData(17)] // the fewest held in a pooled array
    [InlineData(100)]
    public async Task Multicast_OneStatusPerRecipient_ValidAndWithCommonEventIdOnCallbackTopic(int count)
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        var (eventId, recipients, json) = SampleEvents.Multicast(callback, recipients: count);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, json);
        producer.Flush();
        await reader.WaitForAsync(callback, count);

        var records = reader.On(callback);
        Assert.Equal(count, records.Count);
        foreach (var record in records)
        {
            var value = Encoding.UTF8.GetString(record.Message.Value);
            Assert.Empty(StatusSchema.Value.Validate(value));
            var status = NotificationStatusJson.Deserialize(record.Message.Value);
            Assert.Equal(eventId, status.EventId);
            Assert.Equal(eventId.ToString("D"), Encoding.UTF8.GetString(record.Message.Key));
            Assert.Equal(status.Recipient.ToString("D"), SampleEvents.Header(record, StatusHeaders.Recipient));
            Assert.Equal($"{eventId:D}:{status.Recipient:D}", SampleEvents.Header(record, StatusHeaders.StatusId));
            var index = Array.IndexOf(recipients, status.Recipient);
            Assert.Equal(index % 3 != 2, status.Success); // SampleEvents fails every third recipient
            Assert.Equal(index % 3 != 2 ? "" : "mailbox full", status.Error);
        }

        Assert.Equal(recipients.Order(), records.Select(r => NotificationStatusJson.Deserialize(r.Message.Value).Recipient).Order());
        await reader.SettledAsync(kafka, TimeSpan.FromSeconds(30), topics.InputRead);
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    [Fact]
    public async Task TwoCallbackTopics_EventsRoutedApart()
    {
        var topics = PipelineTopics.Create(kafka);
        var first = PipelineTopics.CreateCallbackTopic(kafka);
        var second = PipelineTopics.CreateCallbackTopic(kafka);
        var toFirst = SampleEvents.Multicast(first, recipients: 2);
        var toSecond = SampleEvents.Multicast(second, recipients: 1);
        using var reader = new TopicReader(kafka, first, second);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, toFirst.Json);
        SampleEvents.Produce(producer, topics.Input, toSecond.Json);
        producer.Flush();
        await reader.WaitForAsync(first, 2);
        await reader.WaitForAsync(second, 1);

        Assert.All(reader.On(first), r => Assert.Equal(toFirst.EventId, NotificationStatusJson.Deserialize(r.Message.Value).EventId));
        Assert.All(reader.On(second), r => Assert.Equal(toSecond.EventId, NotificationStatusJson.Deserialize(r.Message.Value).EventId));
        Assert.Equal(2, reader.On(first).Count);
        Assert.Single(reader.On(second));
    }

    [Fact]
    public async Task InvalidInputs_DeadLetteredWithReason_AndLaterEventsStillFlow()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();
        var notJson = "this is { not json"u8.ToArray();
        var schemaViolation = Encoding.UTF8.GetBytes($$$"""{"event_id":"{{{Guid.NewGuid()}}}","provider":"email","recipients":[],"callback":{"type":"kafka","target":"{{{callback}}}"}}""");
        var badTarget = SampleEvents.Multicast("not-a-callback-topic", recipients: 1).Json;
        var good = SampleEvents.Multicast(callback, recipients: 2);

        foreach (var value in new[] { notJson, schemaViolation, badTarget, good.Json })
        {
            SampleEvents.Produce(producer, topics.Input, value);
        }

        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 3);
        await reader.WaitForAsync(callback, 2);

        var deadLetters = reader.On(topics.DeadLetter).OrderBy(r => long.Parse(SampleEvents.Header(r, DeadLetterHeaders.OriginalOffset), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["not-json", "schema-violation", "bad-callback-target"], deadLetters.Select(r => SampleEvents.Header(r, DeadLetterHeaders.Reason)));
        Assert.Equal(notJson, deadLetters[0].Message.Value);
        Assert.All(deadLetters, r =>
        {
            Assert.Equal(topics.Input, SampleEvents.Header(r, DeadLetterHeaders.OriginalTopic));
            Assert.Equal("0", SampleEvents.Header(r, DeadLetterHeaders.OriginalPartition));
            Assert.Equal(DeadLetterHeaders.StageIntake, SampleEvents.Header(r, DeadLetterHeaders.Stage));
            Assert.NotEmpty(SampleEvents.Header(r, DeadLetterHeaders.Detail));
            Assert.True(DateTimeOffset.TryParse(SampleEvents.Header(r, DeadLetterHeaders.DeadLetteredAt), System.Globalization.CultureInfo.InvariantCulture, out _));
        });
        Assert.Equal(["0", "1", "2"], deadLetters.Select(r => SampleEvents.Header(r, DeadLetterHeaders.OriginalOffset)));
        Assert.All(reader.On(callback), r => Assert.Equal(good.EventId, NotificationStatusJson.Deserialize(r.Message.Value).EventId));
    }

    [Fact]
    public async Task StopMidStreamThenRestart_EveryStatusArrivesAtLeastOnce()
    {
        const int Events = 3000;
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 4);
        var expected = new HashSet<string>();
        using (var producer = kafka.CreateProducer())
        {
            for (var i = 0; i < Events; i++)
            {
                var (eventId, recipients, json) = SampleEvents.Multicast(callback, recipients: 2);
                expected.UnionWith(recipients.Select(r => $"{eventId:D}:{r:D}"));
                SampleEvents.Produce(producer, topics.Input, json);
            }

            producer.Flush();
        }

        using var reader = new TopicReader(kafka, callback);
        HashSet<string> Delivered() => reader.On(callback).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToHashSet();

        var first = await PipelineHost.StartAsync(kafka, topics);
        await Poll.UntilAsync(() => reader.On(callback).Count > 0, TimeSpan.FromSeconds(30), () => "first statuses");
        await first.DisposeAsync();
        var afterFirst = Delivered().Count;

        await using var second = await PipelineHost.StartAsync(kafka, topics);
        await Poll.UntilAsync(() => Delivered().IsSupersetOf(expected), TimeSpan.FromSeconds(60),
            () => $"{expected.Except(Delivered()).Count()} of {expected.Count} statuses missing (first run delivered {afterFirst})");
        Assert.Subset(Delivered(), expected);
    }
}
