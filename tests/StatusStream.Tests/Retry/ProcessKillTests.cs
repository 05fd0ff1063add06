using Confluent.Kafka;
using StatusStream.Delivery;
using StatusStream.Embedded;
using StatusStream.Outbound;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Retry;

/// <summary>The processor as its own process, killed with SIGKILL in the middle of a retry cycle.</summary>
public sealed class ProcessKillTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [EmbeddedOnlyFact]
    public async Task KilledMidRetryCycle_Restarted_EveryStatusDeliveredOrDeadLettered()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce,
            ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
        var expected = new HashSet<string>();
        using (var producer = kafka.CreateProducer())
        {
            for (var i = 0; i < 50; i++)
            {
                var (eventId, recipients, json) = SampleEvents.Multicast(callback, recipients: 2);
                expected.UnionWith(recipients.Select(r => $"{eventId:D}:{r:D}"));
                SampleEvents.Produce(producer, topics.Input, json);
            }

            producer.Flush();
        }

        using var reader = new TopicReader(kafka, callback, topics.Retry, topics.DeadLetter);
        string[] arguments =
        [
            "run", "--bootstrap-servers", kafka.BootstrapServers, "--input-topics", topics.Input, "--group-id", topics.GroupId,
            "--set", $"Kafka:RetryTopic={topics.Retry}", "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}",
            "--set", "Retry:BackoffFactor=1", "--set", "Pipeline:CommitIntervalSeconds=0.2",
        ];

        using (var first = AppProcess.Start(arguments))
        {
            await reader.WaitForAsync(topics.Retry, 1, Deadline);
            first.Kill();
        }

        using var second = AppProcess.Start(arguments);
        HashSet<string> Settled() => reader.On(callback).Concat(reader.On(topics.DeadLetter))
            .Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToHashSet();
        await Poll.UntilAsync(() => Settled().IsSupersetOf(expected), Deadline,
            () => $"{expected.Except(Settled()).Count()} of {expected.Count} statuses neither delivered nor dead-lettered; stderr: {second.StandardError}");
        Assert.Subset(Settled(), expected);
    }
}
