using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Delivery;
using StatusStream.Embedded;
using StatusStream.Outbound;
using StatusStream.Retry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Cli;

/// <summary>`dlq list` and `dlq replay` as an operator runs them, against a processor that dead-lettered real failures.</summary>
public sealed class DlqCommandTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

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
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook("https://example.test/hook?token=secret"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 3, Deadline);
        Assert.Empty(reader.On(callback));
        string[] settings = ["--bootstrap-servers", kafka.BootstrapServers, "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}", "--set", $"Kafka:RetryTopic={topics.Retry}"];

        using (var list = AppProcess.Start(["dlq", "list", .. settings]))
        {
            Assert.Equal(0, await list.WaitForExitAsync(Deadline));
            var output = string.Join('\n', list.StandardOutput);
            Assert.Contains("3 dead letters, 3 matching", output, StringComparison.Ordinal);
            Assert.Contains($"1  {DeliveryFailureHandler.RetriesExhaustedReason}", output, StringComparison.Ordinal);
            Assert.Contains($"1  {callback}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("token=secret", output, StringComparison.Ordinal);
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
            Assert.Contains("2 to replay", output, StringComparison.Ordinal);
            Assert.Contains("webhook target is redacted", output, StringComparison.Ordinal);
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
        Assert.NotEmpty(SampleEvents.Header(replayed, RetryHeaders.ReplayOf));
        Assert.True(retryRecordsBefore >= 1, "the dry run sent nothing, the replay one record");

        using (var again = AppProcess.Start(["dlq", "replay", "--reason", DeliveryFailureHandler.RetriesExhaustedReason, .. settings]))
        {
            Assert.Equal(0, await again.WaitForExitAsync(Deadline));
            Assert.Contains("1 matching dead letters: 0 to replay, 1 already replayed (skipped), 0 not replayable", again.StandardOutput);
        }

        Assert.Equal(retryRecordsBefore + 1, reader.On(topics.Retry).Count);
        Assert.Single(reader.On(callback));
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

        using var replay = AppProcess.Start("dlq", "replay", "--bootstrap-servers", kafka.BootstrapServers,
            "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}", "--set", $"Kafka:RetryTopic={topics.Retry}");
        Assert.Equal(0, await replay.WaitForExitAsync(Deadline));

        await reader.WaitForAsync(topics.Input, 2, Deadline);
        var resent = reader.On(topics.Input)[^1];
        Assert.Equal("{ broken"u8.ToArray(), resent.Message.Value);
        Assert.Equal("k1"u8.ToArray(), resent.Message.Key);
        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        Assert.Equal(DeadLetter.ReplayedMarkerReason, SampleEvents.Header(reader.On(topics.DeadLetter)[^1], DeadLetterHeaders.Reason));
    }

    [Fact]
    public async Task List_BadSince_ExitsTwoWithTheAcceptedForms()
    {
        using var list = AppProcess.Start("dlq", "list", "--bootstrap-servers", "127.0.0.1:9", "--since", "yesterday");
        Assert.Equal(2, await list.WaitForExitAsync(Deadline));
        Assert.Contains("--since 'yesterday' is neither", list.StandardError, StringComparison.Ordinal);
    }
}
