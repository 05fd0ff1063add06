using Confluent.Kafka;
using StatusStream.Embedded;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Retry;

/// <summary>The processor as its own process, killed with SIGKILL in the middle of a retry cycle.</summary>
public sealed class ProcessKillTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RestartDeadline = TimeSpan.FromSeconds(150);

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

    /// <summary>
    /// A record due in an hour heads a retry partition; the records behind it are dead-lettered (the receiver refuses
    /// them). The far record must not keep the partition uncommitted for its hour: after a SIGKILL and a restart,
    /// nothing already dead-lettered is dead-lettered again.
    /// </summary>
    [Fact]
    public async Task FarRetryAheadOfDeadLetteredOnes_KilledAndRestarted_NoneDeadLetteredTwice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(400);
        var topics = PipelineTopics.Create(kafka);
        var retryPartition = new TopicPartition(topics.Retry, 0);
        var refused = receiver.BaseUrl + "/refuses";
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        using var producer = kafka.CreateProducer();
        var now = TimeProvider.System.GetUtcNow();
        var far = ParkedStatuses.Park(producer, topics.Retry, refused, now.AddHours(1), partition: 0, topics.GroupId, CallbackType.Webhook);
        var settled = Enumerable.Range(0, 3).Select(_ => ParkedStatuses.Park(producer, topics.Retry, refused, now, partition: 0, topics.GroupId, CallbackType.Webhook)).ToList();
        producer.Flush();
        string[] arguments =
        [
            "run", "--bootstrap-servers", kafka.BootstrapServers, "--input-topics", topics.Input, "--group-id", topics.GroupId,
            "--set", $"Kafka:RetryTopic={topics.Retry}", "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}",
            "--set", "Retry:HoldSeconds=1", "--set", "Pipeline:CommitIntervalSeconds=0.2",
            "--set", "Webhooks:AllowLoopback=true", "--set", "Webhooks:BreakerMinimumThroughput=1000",
        ];

        using (var first = AppProcess.Start(arguments))
        {
            await reader.WaitForAsync(topics.DeadLetter, settled.Count, Deadline);
            // The settled watermark: committed past the far record and the dead-lettered ones (4 records) within about
            // Retry:HoldSeconds plus the commit interval, not in an hour.
            await Poll.UntilAsync(() => Committed(topics.GroupId + ".retry", retryPartition) >= 4, Deadline,
                () => $"retry group committed {Committed(topics.GroupId + ".retry", retryPartition)} on {retryPartition}, expected 4 or more; stderr: {first.StandardError}");
            first.Kill();
        }

        // A marker behind everything: once the restarted processor has committed past it, it has settled all before it.
        var marker = ParkedStatuses.Park(producer, topics.Retry, refused, TimeProvider.System.GetUtcNow(), partition: 0, topics.GroupId, CallbackType.Webhook);
        producer.Flush();
        var end = await EndOffsetAsync(retryPartition);
        using var second = AppProcess.Start(arguments);
        // The killed member keeps its partitions until its session times out (45 s), and a process starts slowly on a
        // loaded machine: a longer deadline than for the rest.
        await Poll.UntilAsync(() => Committed(topics.GroupId + ".retry", retryPartition) >= end, RestartDeadline,
            () => $"retry group committed {Committed(topics.GroupId + ".retry", retryPartition)}, expected {end}; stderr: {second.StandardError}");

        // Everything the dead-letter topic holds now (all written before that commit) is read, duplicates included.
        var deadLetters = await EndOffsetAsync(new TopicPartition(topics.DeadLetter, 0)) + await EndOffsetAsync(new TopicPartition(topics.DeadLetter, 1));
        await reader.WaitForAsync(topics.DeadLetter, (int)deadLetters, Deadline);
        var deadLettered = reader.On(topics.DeadLetter).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToList();
        Assert.All(settled, s => Assert.Single(deadLettered, id => id == s.StatusId));
        Assert.Single(deadLettered, id => id == marker.StatusId);
        Assert.DoesNotContain(far.StatusId, deadLettered);
        Assert.DoesNotContain(receiver.Received, r => r.Header(StatusHeaders.StatusId) == far.StatusId);
        // Not lost either: re-parked, unchanged, at the end of the retry topic.
        Assert.Contains(reader.On(topics.Retry).Skip(1), r => SampleEvents.Header(r, StatusHeaders.StatusId) == far.StatusId);
    }

    private long Committed(string groupId, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }

    private Task<long> EndOffsetAsync(TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = TestKafka.Unique("end-") }).Build();
        return Task.FromResult(consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value);
    }
}
