using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Embedded;
using StatusStream.Pipeline;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>
/// The consume loop's rebalance and back-pressure rules on the embedded cluster: a member that
/// loses its partitions (fenced) commits nothing for them; a member whose partitions are revoked
/// (a second member joins, KIP-848) commits their acknowledged watermark, so the new owner does not
/// deliver finished records again; at a small in-flight bound intake pauses, resumes, and every
/// status arrives. Each fails when the matching rule in ConsumeLoop is broken.
/// </summary>
public sealed class ConsumeLoopRebalanceTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>No timer commits while a test looks: every commit seen comes from a rebalance (or the stop).</summary>
    private static readonly Dictionary<string, string?> NoTimerCommits = new()
    {
        ["Pipeline:CommitIntervalSeconds"] = "60",
        ["Logging:LogLevel:StatusStream.Pipeline"] = "Information",
    };

    /// <remarks>
    /// This one cannot catch a loop that commits on loss: the embedded cluster itself refuses a
    /// fenced member's commit (UnknownMemberId), as a real broker usually does. A broker that
    /// accepted it would skip the re-read asserted here; ConsumeLoopTests.PartitionsLost_NothingCommittedForThem
    /// checks the loop's own rule through its consumer seam.
    /// </remarks>
    [EmbeddedOnlyFact]
    public async Task PartitionsLost_WhenFenced_NothingCommitted_RecordsReadAgain()
    {
        kafka.Embedded!.SetGroupConsumerHeartbeatInterval(TimeSpan.FromMilliseconds(300));
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback);
        await using var host = await PipelineHost.StartAsync(kafka, topics, NoTimerCommits, b => b.Logging.AddFakeLogging());
        var logs = host.Services.GetRequiredService<FakeLogCollector>();
        using var producer = kafka.CreateProducer();
        var events = Enumerable.Range(0, 3).Select(_ => SampleEvents.Multicast(callback, recipients: 1)).ToList();
        events.ForEach(e => SampleEvents.Produce(producer, topics.Input, e.Json));
        producer.Flush();
        await reader.WaitForAsync(callback, 3, Deadline);
        var input = new TopicPartition(topics.Input, 0);
        await Poll.UntilAsync(() => host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{host.Pipeline.InFlightStatuses} in flight");

        // Fence the input consumer: its next heartbeat is answered FENCED_MEMBER_EPOCH, and librdkafka
        // hands its partitions to the lost handler. The retry consumer heartbeats too and may take an
        // error meant for the input one, so push one at a time until the input consumer lost its partition.
        var attempts = 0;
        while (!logs.GetSnapshot().Any(r => r.Id.Id == 3005 && r.Category == typeof(StatusPipelineService).FullName) && attempts++ < 20)
        {
            kafka.Embedded.PushBrokerRequestError(1, KafkaApiKey.ConsumerGroupHeartbeat, ErrorCode.FencedMemberEpoch, TimeSpan.Zero);
            await Poll.UntilAsync(() => kafka.Embedded.PendingBrokerRequestErrors(1, KafkaApiKey.ConsumerGroupHeartbeat) == 0, Deadline, () => "heartbeat error unused");
            await Poll.UntilAsync(() => host.Pipeline.HasAssignment, Deadline, () => "no assignment");
        }

        // Nothing was committed for the lost partition, so its records are read and delivered again.
        await reader.WaitForAsync(callback, 6, Deadline);
        Assert.Equal(Offset.Unset, Committed(topics.GroupId, input));
        var delivered = reader.On(callback).GroupBy(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToList();
        Assert.Equal(3, delivered.Count);
        Assert.All(delivered, g => Assert.Equal(2, g.Count()));
    }

    [EmbeddedOnlyFact]
    public async Task PartitionsRevoked_SecondMemberJoins_CommittedAtWatermark_NewOwnerDoesNotRedeliver()
    {
        const int PerPartition = 6;
        kafka.Embedded!.SetGroupConsumerHeartbeatInterval(TimeSpan.FromMilliseconds(300));
        var topics = PipelineTopics.Create(kafka, inputPartitions: 4);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 4);
        using var reader = new TopicReader(kafka, callback);
        await using var first = await PipelineHost.StartAsync(kafka, topics, NoTimerCommits, b => b.Logging.AddFakeLogging());
        var firstLogs = first.Services.GetRequiredService<FakeLogCollector>();
        using var producer = kafka.CreateProducer();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition(topics.Input, p)).ToList();
        void ProduceOneEachTo(IEnumerable<TopicPartition> targets)
        {
            foreach (var partition in targets)
            {
                producer.Produce(partition, new Message<byte[], byte[]> { Value = SampleEvents.Multicast(callback, recipients: 2).Json });
            }

            producer.Flush();
        }

        for (var i = 0; i < PerPartition; i++)
        {
            ProduceOneEachTo(partitions);
        }

        await reader.WaitForAsync(callback, 4 * PerPartition * 2, Deadline);
        await Poll.UntilAsync(() => first.Pipeline.InFlightStatuses == 0, Deadline, () => $"{first.Pipeline.InFlightStatuses} in flight");
        Assert.All(partitions, p => Assert.Equal(Offset.Unset, Committed(topics.GroupId, p)));

        await using var second = await PipelineHost.StartAsync(kafka, topics, NoTimerCommits);
        await Poll.UntilAsync(() => second.Pipeline.HasAssignment
            && firstLogs.GetSnapshot().Any(r => r.Id.Id == 3004 && r.Category == typeof(StatusPipelineService).FullName), Deadline,
            () => "no partition moved to the second member");

        // What the first member gave up is committed at what it had finished: every record.
        var committed = partitions.Select(p => Committed(topics.GroupId, p)).ToList();
        Assert.Contains(new Offset(PerPartition), committed);
        Assert.All(committed, c => Assert.True(c == Offset.Unset || c == new Offset(PerPartition), $"committed {string.Join(", ", committed)}"));

        // The new owner starts after them: new records arrive, old ones do not come again.
        ProduceOneEachTo(partitions);
        await reader.WaitForAsync(callback, 4 * (PerPartition + 1) * 2, Deadline);
        var duplicates = reader.On(callback).GroupBy(r => SampleEvents.Header(r, StatusHeaders.StatusId)).Where(g => g.Count() > 1).ToList();
        Assert.Empty(duplicates);
    }

    [EmbeddedOnlyFact]
    public async Task InFlightBound_Small_EveryStatusDelivered()
    {
        // At a bound of 4 the loop waits for acknowledgements after every record or two (and pauses when they take
        // longer than the stall; ConsumeLoopTests cover both ways on a fake clock): nothing may be lost either way.
        const int Events = 30;
        var topics = PipelineTopics.Create(kafka, inputPartitions: 2);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 2);
        var expected = new HashSet<string>();
        using (var producer = kafka.CreateProducer())
        {
            for (var i = 0; i < Events; i++)
            {
                var (eventId, recipients, json) = SampleEvents.Multicast(callback, recipients: 3);
                expected.UnionWith(recipients.Select(r => $"{eventId:D}:{r:D}"));
                SampleEvents.Produce(producer, topics.Input, json);
            }

            producer.Flush();
        }

        using var reader = new TopicReader(kafka, callback);
        await using var host = await PipelineHost.StartAsync(kafka, topics,
            new Dictionary<string, string?>(NoTimerCommits) { ["Pipeline:MaxInFlightStatuses"] = "4" });
        HashSet<string> Delivered() => reader.On(callback).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToHashSet();

        await Poll.UntilAsync(() => Delivered().IsSupersetOf(expected), Deadline,
            () => $"{expected.Except(Delivered()).Count()} of {expected.Count} statuses missing; in flight {host.Pipeline.InFlightStatuses}");
        Assert.Equal(expected.Count, Delivered().Count);
    }

    private Offset Committed(string groupId, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset;
    }
}
