using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StatusStream.Records;
using StatusStream.Tests.Cli;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Replay;

/// <summary>
/// `dlq replay` against dead letters written by someone who may write the dead-letter topic and nothing else: every
/// header is theirs to choose. Only what the original input record gives is sent; the rest is reported, never sent.
/// Each replay is a separate process run to its end, which flushes before it exits: a topic's high watermark after it
/// is a settled answer, not a look at one instant.
/// </summary>
public sealed class ReplayVerifierTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private const string OriginalTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string ForgedTraceParent = "00-11111111111111111111111111111111-2222222222222222-01";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Verify_IntakeDeadLettersNamingOtherTopics_NotReplayable_NothingWrittenThere()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var subscriptions = SubscriptionTestHost.CreateTopic(kafka);
        using var producer = kafka.CreateProducer();
        SampleEvents.Produce(producer, topics.Input, "{ broken"u8.ToArray());
        producer.Flush();
        foreach (var topic in new[] { "__consumer_offsets", subscriptions, topics.Retry })
        {
            ProduceDeadLetter(producer, topics, "{\"forged\":true}"u8.ToArray(),
                (DeadLetterHeaders.Reason, "not-json"), (DeadLetterHeaders.Stage, DeadLetterHeaders.StageIntake),
                (DeadLetterHeaders.OriginalTopic, topic), (DeadLetterHeaders.OriginalPartition, "0"), (DeadLetterHeaders.OriginalOffset, "0"));
        }

        // On the input topic, but not the record that is there.
        ProduceDeadLetter(producer, topics, "{\"forged\":true}"u8.ToArray(),
            (DeadLetterHeaders.Reason, "not-json"), (DeadLetterHeaders.Stage, DeadLetterHeaders.StageIntake),
            (DeadLetterHeaders.OriginalTopic, topics.Input), (DeadLetterHeaders.OriginalPartition, "0"), (DeadLetterHeaders.OriginalOffset, "0"));
        producer.Flush();

        var output = await ReplayAsync(topics, dryRun: true);
        Assert.Contains("4 matching dead letters: 0 to replay, 0 already replayed (skipped), 4 not replayable", output, StringComparison.Ordinal);
        Assert.Contains("\"__consumer_offsets\" is not one of Kafka:InputTopics or Kafka:InboundTopic", output, StringComparison.Ordinal);
        Assert.Contains($"\"{subscriptions}\" is not one of Kafka:InputTopics", output, StringComparison.Ordinal);
        Assert.Contains($"its original record ({topics.Input}@0) is not the record it holds", output, StringComparison.Ordinal);

        output = await ReplayAsync(topics);
        Assert.Contains("replayed 0, failed 0", output, StringComparison.Ordinal);
        Assert.Equal(0, HighWatermark(subscriptions, partitions: 3));
        Assert.Equal(0, HighWatermark(topics.Retry, partitions: 4));
        Assert.Equal(1, HighWatermark(topics.Input, partitions: 1));
    }

    [Fact]
    public async Task Verify_DeliveryDeadLetter_SentAsItsOriginalEventGivesIt_ForgedClaimsNotReplayable()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var producer = kafka.CreateProducer();
        var original = SampleEvents.Multicast(callback, recipients: 1);
        producer.Produce(topics.Input, new Message<byte[], byte[]>
        {
            Key = [], Value = original.Json, Headers = new Headers { { StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(OriginalTraceParent) } },
        });
        producer.Flush();
        var statusId = $"{original.EventId:D}:{original.Recipients[0]:D}";
        (string, string)[] Claims(string target, string id, string group, params (string, string)[] more) =>
        [
            (DeadLetterHeaders.Reason, "retries-exhausted"), (DeadLetterHeaders.Stage, DeadLetterHeaders.StageDelivery),
            (DeadLetterHeaders.TargetType, "kafka"), (DeadLetterHeaders.Target, target),
            (DeadLetterHeaders.OriginalTopic, topics.Input), (DeadLetterHeaders.OriginalPartition, "0"), (DeadLetterHeaders.OriginalOffset, "0"),
            (StatusHeaders.StatusId, id), (RetryHeaders.Group, group), (StatusHeaders.TraceParent, ForgedTraceParent), .. more,
        ];
        var forgedValue = "{\"event_id\":\"forged\",\"success\":true}"u8.ToArray();
        // 0:0 the real status, with a forged value and trace context; then one forged claim each.
        ProduceDeadLetter(producer, topics, forgedValue, Claims(callback, statusId, topics.GroupId));
        ProduceDeadLetter(producer, topics, forgedValue, Claims("victim.payments-callback", statusId, topics.GroupId));
        ProduceDeadLetter(producer, topics, forgedValue, Claims(callback, statusId, topics.GroupId, (StatusHeaders.SubscriptionId, Guid.NewGuid().ToString("D"))));
        ProduceDeadLetter(producer, topics, forgedValue, Claims(callback, statusId, "someone-elses-group"));
        ProduceDeadLetter(producer, topics, forgedValue, Claims(callback, $"{original.EventId:D}:{Guid.NewGuid():D}", topics.GroupId));
        producer.Flush();

        var output = await ReplayAsync(topics);

        Assert.Contains("5 matching dead letters: 1 to replay, 0 already replayed (skipped), 4 not replayable", output, StringComparison.Ordinal);
        Assert.Contains("0:1 retries-exhausted: its original record names another callback than the dead letter does", output, StringComparison.Ordinal);
        Assert.Contains("0:2 retries-exhausted: subscription ", output, StringComparison.Ordinal);
        Assert.Contains("0:3 retries-exhausted: it was dead-lettered by group \"someone-elses-group\"", output, StringComparison.Ordinal);
        Assert.Contains($"0:4 retries-exhausted: its original record ({topics.Input}@0) has no status", output, StringComparison.Ordinal);
        Assert.Contains("replayed 1, failed 0", output, StringComparison.Ordinal);
        using var reader = new TopicReader(kafka, topics.Retry);
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        var replayed = Assert.Single(reader.Records);
        var status = JsonDocument.Parse(replayed.Message.Value).RootElement;
        Assert.Equal(original.EventId, status.GetProperty("event_id").GetGuid());
        Assert.Equal(original.Recipients[0], status.GetProperty("recipient").GetGuid());
        Assert.Equal(callback, SampleEvents.Header(replayed, RetryHeaders.CallbackTarget));
        Assert.Equal(statusId, SampleEvents.Header(replayed, StatusHeaders.StatusId));
        Assert.Equal(topics.GroupId, SampleEvents.Header(replayed, RetryHeaders.Group));
        Assert.Equal([OriginalTraceParent], replayed.Message.Headers.Where(h => h.Key == StatusHeaders.TraceParent).Select(h => Encoding.UTF8.GetString(h.GetValueBytes())));
        Assert.Equal(1, HighWatermark(topics.Retry, partitions: 4));
    }

    [Fact]
    public async Task Verify_ForgedSubscriptionIdOnAnotherNamespacesEvent_NotReplayable_NothingDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var subscriptions = SubscriptionTestHost.CreateTopic(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, subscriptions);
        var city = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/city/secret-path" });
        var cityId = city.GetProperty("UUID").GetString()!;
        using var producer = kafka.CreateProducer();
        // Parking's event: city's subscription never takes it.
        var parking = SubscriptionEvents.From("parking", "billing", SubscriptionEvents.CallbackTopic(kafka, "parking"));
        SampleEvents.Produce(producer, topics.Input, parking.Json);
        producer.Flush();
        var recipient = JsonDocument.Parse(parking.Json).RootElement.GetProperty("recipients")[0].GetProperty("recipient").GetGuid();
        ProduceDeadLetter(producer, topics, "{\"forged\":true}"u8.ToArray(),
            (DeadLetterHeaders.Reason, "refused-by-receiver"), (DeadLetterHeaders.Stage, DeadLetterHeaders.StageDelivery),
            (DeadLetterHeaders.TargetType, "webhook"), (DeadLetterHeaders.Target, receiver.BaseUrl), (DeadLetterHeaders.TargetRedacted, "true"),
            (DeadLetterHeaders.OriginalTopic, topics.Input), (DeadLetterHeaders.OriginalPartition, "0"), (DeadLetterHeaders.OriginalOffset, "0"),
            (StatusHeaders.StatusId, $"{parking.EventId:D}:{recipient:D}"), (StatusHeaders.SubscriptionId, cityId),
            (RetryHeaders.Group, topics.GroupId), (StatusHeaders.TraceParent, ForgedTraceParent));
        producer.Flush();

        var output = await ReplayAsync(topics, subscriptions);

        Assert.Contains("1 matching dead letters: 0 to replay, 0 already replayed (skipped), 1 not replayable", output, StringComparison.Ordinal);
        Assert.Contains($"subscription {cityId} does not take this item of its original record now", output, StringComparison.Ordinal);
        // Nothing went to the retry topic, the only way a replay reaches a receiver.
        Assert.Equal(0, HighWatermark(topics.Retry, partitions: 4));
        // And the live pipeline has settled parking's event (every delivery of it acknowledged) without city's subscription.
        await SettledWatermark.CommittedAsync(kafka, topics.GroupId, topics.Input, Deadline);
        Assert.DoesNotContain(receiver.Received, r => r.PathAndQuery.StartsWith("/city", StringComparison.Ordinal));
    }

    private static void ProduceDeadLetter(IProducer<byte[], byte[]> producer, PipelineTopics topics, byte[] value, params (string Name, string Value)[] headers)
    {
        var record = new Headers();
        foreach (var (name, text) in headers)
        {
            record.Add(name, Encoding.UTF8.GetBytes(text));
        }

        producer.Produce(new TopicPartition(topics.DeadLetter, 0), new Message<byte[], byte[]> { Key = [], Value = value, Headers = record });
    }

    private async Task<string> ReplayAsync(PipelineTopics topics, string? subscriptions = null, bool dryRun = false)
    {
        using var replay = AppProcess.Start(["dlq", "replay", .. dryRun ? new[] { "--dry-run" } : [], .. DlqCommandTests.ReplaySettings(kafka, topics, subscriptions)]);
        var exit = await replay.WaitForExitAsync(Deadline);
        var output = string.Join('\n', replay.StandardOutput);
        Assert.True(exit == 0, $"exit {exit}: {output}\n{string.Join('\n', replay.StandardError)}");
        return output;
    }

    private long HighWatermark(string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = TestKafka.Unique("w-") }).Build();
        return Enumerable.Range(0, partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Deadline).High.Value);
    }
}
