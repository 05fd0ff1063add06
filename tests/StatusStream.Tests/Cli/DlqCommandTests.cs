using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Embedded;
using StatusStream.Records;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Cli;

/// <summary>`dlq list` and `dlq replay` as an operator runs them, against a processor that dead-lettered real failures.</summary>
public sealed class DlqCommandTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task List_HeadersWithTerminalControlsOrBinary_PrintedEscaped_NoForgedLine()
    {
        var topics = PipelineTopics.Create(kafka);
        using var producer = kafka.CreateProducer();
        // As an older version wrote it: the detail echoed the record's bytes, the reason and origin are binary.
        var headers = new Headers
        {
            { DeadLetterHeaders.Reason, "not-json\u001b[31m"u8.ToArray() },
            { DeadLetterHeaders.Stage, "intake"u8.ToArray() },
            { DeadLetterHeaders.Detail, Encoding.UTF8.GetBytes("not JSON: \u001b[2J\u001b]0;owned\u0007\r\n  9:9     2026-01-01T00:00:00Z  forged line") },
            { DeadLetterHeaders.OriginalTopic, new byte[] { 0x1b, 0x5b, 0x48, 0xff, 0x00 } },
            { DeadLetterHeaders.OriginalPartition, "0"u8.ToArray() },
            { DeadLetterHeaders.OriginalOffset, "7"u8.ToArray() },
        };
        producer.Produce(topics.DeadLetter, new Message<byte[], byte[]> { Value = "x"u8.ToArray(), Headers = headers });
        producer.Flush();
        string[] settings = ["--bootstrap-servers", kafka.BootstrapServers, "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}", "--set", $"Kafka:RetryTopic={topics.Retry}"];

        using var list = AppProcess.Start(["dlq", "list", .. settings]);

        Assert.Equal(0, await list.WaitForExitAsync(Deadline));
        var output = string.Join('\n', list.StandardOutput);
        Assert.DoesNotContain(output, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain(list.StandardOutput, l => l.TrimStart().StartsWith("9:9", StringComparison.Ordinal));
        Assert.Contains("\\u001b]0;owned\\u0007\\u000d\\u000a  9:9", output, StringComparison.Ordinal);
        Assert.Contains("not-json\\u001b[31m", output, StringComparison.Ordinal);
    }

    [EmbeddedOnlyFact]
    public async Task Replay_AfterCauseFixed_DeliversDeadLetters_DryRunAndSecondReplayMoveNothing()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        // The callback topic refuses every produce until the operator "fixes the ACL" (the errors run out).
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, Enumerable.Repeat(ErrorCode.TopicAuthorizationFailed, 2).ToArray());
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter, topics.Retry, topics.Input);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Retry:MaxRetries"] = "1",
            ["Retry:BackoffFactor"] = "0.1",
        });
        using var producer = kafka.CreateProducer();
        var failing = SampleEvents.Multicast(callback, recipients: 1);
        SampleEvents.Produce(producer, topics.Input, failing.Json);
        SampleEvents.Produce(producer, topics.Input, "not json"u8.ToArray());
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook("http://169.254.169.254/hook?token=secret"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 3, Deadline);
        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(callback));
        var settings = ReplaySettings(kafka, topics);

        using (var list = AppProcess.Start(["dlq", "list", .. settings]))
        {
            Assert.Equal(0, await list.WaitForExitAsync(Deadline));
            var output = string.Join('\n', list.StandardOutput);
            Assert.Contains("3 dead letters, 3 matching", output, StringComparison.Ordinal);
            Assert.Contains($"1  {DeliveryFailureHandler.RetriesExhaustedReason}", output, StringComparison.Ordinal);
            Assert.Contains($"1  {callback}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("token=secret", output, StringComparison.Ordinal);
            Assert.DoesNotContain("/hook", output, StringComparison.Ordinal);
        }

        using (var limited = AppProcess.Start(["dlq", "list", "--limit", "1", .. settings]))
        {
            Assert.Equal(0, await limited.WaitForExitAsync(Deadline));
            Assert.Equal("  ... 2 more not shown (--limit 1)", limited.StandardOutput.Last(l => l.Length > 0));
        }

        using (var filtered = AppProcess.Start(["dlq", "list", "--reason", "not-json", "--since", "1h", .. settings]))
        {
            Assert.Equal(0, await filtered.WaitForExitAsync(Deadline));
            Assert.Contains("3 dead letters, 1 matching", string.Join('\n', filtered.StandardOutput), StringComparison.Ordinal);
        }

        var retryRecordsBefore = reader.On(topics.Retry).Count;
        using (var dryRun = AppProcess.Start(["dlq", "replay", "--dry-run", .. settings]))
        {
            Assert.Equal(0, await dryRun.WaitForExitAsync(Deadline));
            var output = string.Join('\n', dryRun.StandardOutput);
            // The webhook's URL (path and query) is read back from its event: all three can go back.
            Assert.Contains("3 to replay", output, StringComparison.Ordinal);
            Assert.Contains("dry run: nothing sent", output, StringComparison.Ordinal);
        }

        using (var replay = AppProcess.Start(["dlq", "replay", "--reason", DeliveryFailureHandler.RetriesExhaustedReason, .. settings]))
        {
            Assert.Equal(0, await replay.WaitForExitAsync(Deadline));
            Assert.Contains("replayed 1, failed 0", replay.StandardOutput);
        }

        await reader.WaitForAsync(callback, 1, Deadline);
        var delivered = reader.On(callback).Single();
        Assert.Equal($"{failing.EventId:D}:{failing.Recipients[0]:D}", SampleEvents.Header(delivered, StatusHeaders.StatusId));
        var replayed = reader.On(topics.Retry).Skip(retryRecordsBefore).Single();
        Assert.Equal("1", SampleEvents.Header(replayed, RetryHeaders.Attempt));
        // Delivered by the group that gave up, not by every group reading the retry topic.
        Assert.Equal(topics.GroupId, SampleEvents.Header(replayed, RetryHeaders.Group));
        Assert.NotEmpty(SampleEvents.Header(replayed, RetryHeaders.ReplayOf));
        Assert.True(retryRecordsBefore >= 1, "the dry run sent nothing, the replay one record");

        using (var again = AppProcess.Start(["dlq", "replay", "--reason", DeliveryFailureHandler.RetriesExhaustedReason, .. settings]))
        {
            Assert.Equal(0, await again.WaitForExitAsync(Deadline));
            Assert.Contains("1 matching dead letters: 0 to replay, 1 already replayed (skipped), 0 not replayable", again.StandardOutput);
        }

        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Equal(retryRecordsBefore + 1, reader.On(topics.Retry).Count);
        Assert.Single(reader.On(callback));
    }

    [EmbeddedOnlyFact]
    public async Task Replay_RefusedByTargetPolicy_NotReplayable_NothingReachesTheRefusedTopic()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter, topics.Retry);
        await using (var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?> { ["Routing:TargetPolicy"] = "SourceNamespace" }))
        {
            using var producer = kafka.CreateProducer();
            SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(callback, recipients: 1).Json);
            var foreign = JsonNode.Parse(SampleEvents.Multicast(callback, recipients: 1).Json)!;
            foreign["source"] = new JsonObject { ["namespace"] = "elsewhere", ["service"] = "svc" };
            SampleEvents.Produce(producer, topics.Input, Encoding.UTF8.GetBytes(foreign.ToJsonString()));
            producer.Flush();
            await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        }

        using var replay = AppProcess.Start(["dlq", "replay", .. ReplaySettings(kafka, topics)]);
        Assert.Equal(0, await replay.WaitForExitAsync(Deadline));

        var output = replay.StandardOutput;
        Assert.Contains("2 matching dead letters: 0 to replay, 0 already replayed (skipped), 2 not replayable", output);
        foreach (var reason in new[] { SourceNamespacePolicy.SourceRequiredReason, SourceNamespacePolicy.ForeignNamespaceReason })
        {
            Assert.Contains(output, l => l.Contains($"not replayable: ", StringComparison.Ordinal)
                && l.Contains($" {reason}: Routing:TargetPolicy refused its target", StringComparison.Ordinal));
        }

        // Read from the broker, not from the background reader, which may not have caught up yet.
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = TestKafka.Unique("w-") }).Build();
        Assert.All(Enumerable.Range(0, 4), p => Assert.Equal(0, consumer.QueryWatermarkOffsets(new TopicPartition(topics.Retry, p), Deadline).High.Value));
        Assert.Equal(0, consumer.QueryWatermarkOffsets(new TopicPartition(callback, 0), Deadline).High.Value);
    }

    [EmbeddedOnlyFact]
    public async Task Replay_IntakeDeadLetter_GoesBackToItsInputTopicAsItWas()
    {
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Input, topics.DeadLetter);
        await using (var host = await PipelineHost.StartAsync(kafka, topics))
        {
            using var producer = kafka.CreateProducer();
            SampleEvents.Produce(producer, topics.Input, "{ broken"u8.ToArray(), key: "k1");
            producer.Flush();
            await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        }

        using var replay = AppProcess.Start(["dlq", "replay", .. ReplaySettings(kafka, topics)]);
        Assert.Equal(0, await replay.WaitForExitAsync(Deadline));

        await reader.WaitForAsync(topics.Input, 2, Deadline);
        var resent = reader.On(topics.Input)[^1];
        Assert.Equal("{ broken"u8.ToArray(), resent.Message.Value);
        Assert.Equal("k1"u8.ToArray(), resent.Message.Key);
        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        Assert.Equal(DeadLetter.ReplayedMarkerReason, SampleEvents.Header(reader.On(topics.DeadLetter)[^1], DeadLetterHeaders.Reason));
    }

    [EmbeddedOnlyFact]
    public async Task Replay_IntakeDeadLettersThatFailAgain_SecondReplayMovesNothing_ListShowsTheChain()
    {
        const int Bad = 5;
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        using var reader = new TopicReader(kafka, topics.Input, topics.DeadLetter);
        IReadOnlyList<ConsumeResult<byte[], byte[]>> DeadLetters() =>
            reader.On(topics.DeadLetter).Where(r => SampleEvents.Header(r, DeadLetterHeaders.Reason) != DeadLetter.ReplayedMarkerReason).ToList();
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();
        for (var i = 0; i < Bad; i++)
        {
            SampleEvents.Produce(producer, topics.Input, Encoding.UTF8.GetBytes($"still not json {i}"), key: $"k{i}");
        }

        producer.Flush();
        await Poll.UntilAsync(() => DeadLetters().Count >= Bad, Deadline, () => $"{DeadLetters().Count} dead letters");
        var originals = DeadLetters().Select(r => $"{r.Partition.Value}:{r.Offset.Value}").ToHashSet();
        var settings = ReplaySettings(kafka, topics);

        // The cause is not fixed: every replayed record is dead-lettered again.
        using (var first = AppProcess.Start(["dlq", "replay", .. settings]))
        {
            Assert.Equal(0, await first.WaitForExitAsync(Deadline));
            Assert.Contains($"replayed {Bad}, failed 0", first.StandardOutput);
        }

        await Poll.UntilAsync(() => DeadLetters().Count >= 2 * Bad, Deadline, () => $"{DeadLetters().Count} dead letters");
        var again = DeadLetters().Where(r => !originals.Contains($"{r.Partition.Value}:{r.Offset.Value}")).ToList();
        // Each marker names where its re-send landed; the dead letter of that record names the same position as its input.
        var resentFrom = reader.On(topics.DeadLetter).Where(r => SampleEvents.Header(r, DeadLetterHeaders.Reason) == DeadLetter.ReplayedMarkerReason)
            .ToDictionary(r => SampleEvents.Header(r, DeadLetterHeaders.ReplayedTo), r => SampleEvents.Header(r, DeadLetterHeaders.ReplayOf));
        string RootOf(ConsumeResult<byte[], byte[]> deadLetter) => resentFrom[
            $"{topics.Input}:{SampleEvents.Header(deadLetter, DeadLetterHeaders.OriginalPartition)}:{SampleEvents.Header(deadLetter, DeadLetterHeaders.OriginalOffset)}"];
        Assert.Equal(originals.Order(), again.Select(RootOf).Order());

        using (var second = AppProcess.Start(["dlq", "replay", .. settings]))
        {
            Assert.Equal(0, await second.WaitForExitAsync(Deadline));
            Assert.Contains($"{2 * Bad} matching dead letters: 0 to replay, {2 * Bad} already replayed (skipped), 0 not replayable", second.StandardOutput);
        }

        // Input is read in order (one partition): once this one is dead-lettered, anything the
        // second replay had sent would have been too.
        SampleEvents.Produce(producer, topics.Input, "sentinel, not json"u8.ToArray());
        producer.Flush();
        await Poll.UntilAsync(() => DeadLetters().Any(r => r.Message.Value.AsSpan().SequenceEqual("sentinel, not json"u8)), Deadline, () => "sentinel");
        Assert.Equal(2 * Bad + 1, DeadLetters().Count);
        Assert.Equal(2 * Bad + 1, reader.On(topics.Input).Count);

        using (var list = AppProcess.Start(["dlq", "list", .. settings]))
        {
            Assert.Equal(0, await list.WaitForExitAsync(Deadline));
            var output = string.Join('\n', list.StandardOutput);
            foreach (var deadLetter in again)
            {
                var position = $"{deadLetter.Partition.Value}:{deadLetter.Offset.Value}";
                Assert.Contains($"{RootOf(deadLetter)} -> {position}", output, StringComparison.Ordinal);
            }
        }

        // --again sends what came back (and the sentinel, never replayed) once more; a plain replay after it nothing.
        using (var third = AppProcess.Start(["dlq", "replay", "--again", .. settings]))
        {
            Assert.Equal(0, await third.WaitForExitAsync(Deadline));
            Assert.Contains($"replayed {Bad + 1}, failed 0", third.StandardOutput);
        }

        await Poll.UntilAsync(() => DeadLetters().Count >= 3 * Bad + 2, Deadline, () => $"{DeadLetters().Count} dead letters");
        using (var fourth = AppProcess.Start(["dlq", "replay", .. settings]))
        {
            Assert.Equal(0, await fourth.WaitForExitAsync(Deadline));
            Assert.Contains("0 to replay", string.Join('\n', fourth.StandardOutput), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Replay_WebhookDeadLetter_DeliveredOnceTheReceiverIsFixed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var fixedNow = false;
        receiver.Respond((_, _) => Task.FromResult(Volatile.Read(ref fixedNow) ? 200 : 403));
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter, topics.Retry);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true" });
        using var producer = kafka.CreateProducer();
        // A path and query that may hold a credential: the dead letter keeps neither, the replay reads them from the event.
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/gone-for-now?token=t0ken"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        var deadLetter = reader.On(topics.DeadLetter)[0];
        Assert.Equal("refused-by-receiver", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal(receiver.BaseUrl, SampleEvents.Header(deadLetter, DeadLetterHeaders.Target));
        Assert.DoesNotContain(deadLetter.Message.Headers, h => Encoding.UTF8.GetString(h.GetValueBytes()).Contains("gone-for-now", StringComparison.Ordinal));

        Volatile.Write(ref fixedNow, true);
        using (var replay = AppProcess.Start(["dlq", "replay", .. ReplaySettings(kafka, topics)]))
        {
            Assert.Equal(0, await replay.WaitForExitAsync(Deadline));
            Assert.Contains("replayed 1, failed 0", replay.StandardOutput);
        }

        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");
        var delivered = receiver.Received.Single(r => r.Answered == 200);
        Assert.Equal("/gone-for-now?token=t0ken", delivered.PathAndQuery);
        Assert.Equal(receiver.Received[0].BodyText, delivered.BodyText);
    }

    [Fact]
    public async Task Replay_SubscriptionWebhookDeadLetter_DeliveredAsTheSubscriptionsSignedCallbackToItsWholeUrl()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(403, 200);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        var subscriptions = SubscriptionTestHost.CreateTopic(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, subscriptions);
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/sub/path-secret?token=t0ken" });
        using var producer = kafka.CreateProducer();
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", SubscriptionEvents.CallbackTopic(kafka, "city")).Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        var deadLetter = reader.On(topics.DeadLetter)[0];
        Assert.Equal(receiver.BaseUrl, SampleEvents.Header(deadLetter, DeadLetterHeaders.Target));
        Assert.DoesNotContain(deadLetter.Message.Headers, h => Encoding.UTF8.GetString(h.GetValueBytes()).Contains("path-secret", StringComparison.Ordinal));

        // The replay checks the subscription against the live ones: it reads them with the processor's settings.
        using (var replay = AppProcess.Start(["dlq", "replay", .. ReplaySettings(kafka, topics, subscriptions)]))
        {
            Assert.Equal(0, await replay.WaitForExitAsync(Deadline));
            Assert.Contains("replayed 1, failed 0", replay.StandardOutput);
        }

        // Delivered as the subscription's callback: its whole URL, its hal body and its signature, as the first attempt was.
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");
        var first = receiver.Received.Single(r => r.Answered == 403);
        var delivered = receiver.Received.Single(r => r.Answered == 200);
        Assert.Equal("/sub/path-secret?token=t0ken", delivered.PathAndQuery);
        Assert.Equal(first.BodyText, delivered.BodyText);
        Assert.True(delivered.Headers.ContainsKey("webhook-signature"), "the replayed callback is signed with the subscription's secret");
    }

    [Fact]
    public async Task Replay_WebhookDeadLetterWhoseEventIsGone_NotReplayable_SaysWhy()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        using var producer = kafka.CreateProducer();
        // One event on the input topic whose callback is a topic, and two webhook dead letters: one naming that event
        // (which names no webhook), one naming an offset the topic no longer has.
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast("city.parking-callback", recipients: 1).Json);
        producer.Flush();
        foreach (var (offset, statusId) in new[] { ("0", "a"), ("999999", "b") })
        {
            var headers = new Headers();
            foreach (var (name, value) in new[]
            {
                (DeadLetterHeaders.Reason, "refused-by-receiver"), (DeadLetterHeaders.Stage, DeadLetterHeaders.StageDelivery),
                (DeadLetterHeaders.TargetType, "webhook"), (DeadLetterHeaders.Target, "https://receiver.example"), (DeadLetterHeaders.TargetRedacted, "true"),
                (DeadLetterHeaders.OriginalTopic, topics.Input), (DeadLetterHeaders.OriginalPartition, "0"), (DeadLetterHeaders.OriginalOffset, offset),
                (StatusHeaders.StatusId, statusId),
            })
            {
                headers.Add(name, Encoding.UTF8.GetBytes(value));
            }

            producer.Produce(new TopicPartition(topics.DeadLetter, 0), new Message<byte[], byte[]> { Key = [], Value = "{}"u8.ToArray(), Headers = headers });
        }

        producer.Flush();
        using var replay = AppProcess.Start(["dlq", "replay", .. ReplaySettings(kafka, topics)]);
        Assert.Equal(0, await replay.WaitForExitAsync(Deadline));
        var output = string.Join('\n', replay.StandardOutput);
        Assert.Contains("2 matching dead letters: 0 to replay, 0 already replayed (skipped), 2 not replayable", output, StringComparison.Ordinal);
        Assert.Contains($"0:0 refused-by-receiver: its original record ({topics.Input}@0) has no status \"a\"", output, StringComparison.Ordinal);
        Assert.Contains($"0:1 refused-by-receiver: its original record is no longer on {topics.Input}[0] at offset 999999", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The settings `dlq replay` runs with: the processor's own (its input topics and group, and its subscriptions when it
    /// has them), since a replay sends only what it can derive from that configuration's inputs.
    /// </summary>
    internal static string[] ReplaySettings(TestKafka kafka, PipelineTopics topics, string? subscriptionsTopic = null) =>
    [
        "--bootstrap-servers", kafka.BootstrapServers, "--input-topics", topics.Input, "--group-id", topics.GroupId,
        "--set", $"Kafka:InboundTopic={topics.Inbound}", "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}", "--set", $"Kafka:RetryTopic={topics.Retry}",
        .. subscriptionsTopic is null ? [] : SubscriptionTestHost.Settings(subscriptionsTopic).SelectMany(s => new[] { "--set", $"{s.Key}={s.Value}" }),
    ];

    [Fact]
    public async Task List_BadSince_ExitsTwoWithTheAcceptedForms()
    {
        using var list = AppProcess.Start("dlq", "list", "--bootstrap-servers", "127.0.0.1:9", "--since", "yesterday");
        Assert.Equal(2, await list.WaitForExitAsync(Deadline));
        Assert.Contains("--since 'yesterday' is neither", list.StandardError, StringComparison.Ordinal);
    }
}
