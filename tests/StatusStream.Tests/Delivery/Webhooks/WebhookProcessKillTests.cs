using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>The processor as its own process, killed with SIGKILL while webhook statuses wait for retries.</summary>
public sealed class WebhookProcessKillTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KilledMidWebhookRetries_Restarted_EveryStatusDeliveredOrDeadLettered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var failing = true;
        receiver.Respond((_, _) => Task.FromResult(Volatile.Read(ref failing) ? 503 : 200));
        var topics = PipelineTopics.Create(kafka);
        var expected = new HashSet<string>();
        using (var producer = kafka.CreateProducer())
        {
            for (var i = 0; i < 30; i++)
            {
                var (eventId, recipients, json) = SampleEvents.MulticastWebhook(receiver.BaseUrl + "/statuses", recipients: 2);
                expected.UnionWith(recipients.Select(r => $"{eventId:D}:{r:D}"));
                SampleEvents.Produce(producer, topics.Input, json);
            }

            producer.Flush();
        }

        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        string[] arguments =
        [
            "run", "--bootstrap-servers", kafka.BootstrapServers, "--input-topics", topics.Input, "--group-id", topics.GroupId,
            "--set", $"Kafka:RetryTopic={topics.Retry}", "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}",
            "--set", "Retry:BackoffFactor=0.5", "--set", "Retry:MaxRetries=20", "--set", "Pipeline:CommitIntervalSeconds=0.2",
            "--set", "Webhooks:AllowLoopback=true", "--set", "Webhooks:BreakerMinimumThroughput=1000",
        ];

        using (var first = AppProcess.Start(arguments))
        {
            await reader.WaitForAsync(topics.Retry, 10, Deadline);
            first.Kill();
        }

        // Killed mid-stream: nothing had been delivered yet (every answer so far was 503).
        Assert.DoesNotContain(receiver.Received, r => r.Answered == 200);
        Volatile.Write(ref failing, false);
        using var second = AppProcess.Start(arguments);
        HashSet<string> Settled() => receiver.Received.Where(r => r.Answered == 200).Select(r => r.Header(StatusHeaders.StatusId))
            .Concat(reader.On(topics.DeadLetter).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)))
            .ToHashSet();
        await Poll.UntilAsync(() => Settled().IsSupersetOf(expected), Deadline,
            () => $"{expected.Except(Settled()).Count()} of {expected.Count} statuses neither delivered nor dead-lettered; stderr: {second.StandardError}");
        Assert.Subset(Settled(), expected);
    }
}
