using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using StatusStream.Embedded;
using StatusStream.Expansion;
using StatusStream.Pipeline;
using StatusStream.Records;
using StatusStream.Retry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Retry;

/// <summary>The retry ladder on the embedded cluster: produce errors injected for one callback partition.</summary>
public sealed class RetryPipelineTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    /// <summary>Header bytes a dead letter may carry after 5 retries (8 kept attempts of at most 160-character errors, plus fixed headers).</summary>
    public const int DeadLetterHeaderBound = 4096;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private static Dictionary<string, string?> FastRetries(string factorSeconds = "0.1") => new()
    {
        ["Retry:BackoffFactor"] = factorSeconds,
        ["Retry:BackoffMax"] = "2",
    };

    [EmbeddedOnlyFact]
    public async Task ProduceErrorsOnCallback_RetriedThenDelivered()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
        using var reader = new TopicReader(kafka, callback, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, FastRetries());
        using var producer = kafka.CreateProducer();
        var sent = SampleEvents.Multicast(callback, recipients: 1);
        const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        producer.Produce(topics.Input, new Message<byte[], byte[]>
        {
            Value = sent.Json,
            Headers = new Headers { { StatusHeaders.TraceParent, Encoding.UTF8.GetBytes(TraceParent) } },
        });
        producer.Flush();
        await reader.WaitForAsync(callback, 1, Deadline);

        var delivered = reader.On(callback).Single();
        Assert.Equal(sent.EventId, NotificationStatusJson.Deserialize(delivered.Message.Value).EventId);
        // One trace context, carried unchanged through every retry: not lost, not piled up.
        Assert.Equal([TraceParent], delivered.Message.Headers.Where(h => h.Key == StatusHeaders.TraceParent).Select(h => Encoding.UTF8.GetString(h.GetValueBytes())));
        var parked = reader.On(topics.Retry);
        // At least the two injected failures. More can come: on a loaded machine two pushed errors have given four
        // TopicAuthorizationFailed delivery reports in a row (seen with six busy loops beside the suite). The ladder is what
        // is checked: each failure parked once, attempts consecutive, delivered within the default 5 retries, no dead letter.
        var attempts = parked.Select(r => int.Parse(SampleEvents.Header(r, RetryHeaders.Attempt), CultureInfo.InvariantCulture)).Order().ToList();
        Assert.True(attempts.Count is >= 2 and <= 5, "parked attempts " + string.Join(", ", parked.Select(r =>
            $"{SampleEvents.Header(r, RetryHeaders.Attempt)}@{r.Partition.Value}:{r.Offset.Value} ({SampleEvents.Header(r, FailureHeaders.ErrorMessage)})")));
        Assert.Equal(Enumerable.Range(2, attempts.Count), attempts);
        Assert.All(parked, r =>
        {
            Assert.Single(r.Message.Headers, h => h.Key == StatusHeaders.TraceParent);
            Assert.Equal("transient", SampleEvents.Header(r, FailureHeaders.ErrorClass));
            Assert.Contains("TopicAuthorizationFailed", SampleEvents.Header(r, FailureHeaders.ErrorMessage), StringComparison.Ordinal);
            Assert.Equal(topics.Input, SampleEvents.Header(r, DeadLetterHeaders.OriginalTopic));
            Assert.Equal(callback, SampleEvents.Header(r, RetryHeaders.CallbackTarget));
        });
        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    [EmbeddedOnlyFact]
    public async Task ErrorsOutlastFiveRetries_DeadLetteredWithFullHistoryAndSmallHeaders()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, Enumerable.Repeat(ErrorCode.TopicAuthorizationFailed, 6).ToArray());
        using var reader = new TopicReader(kafka, callback, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, FastRetries("0.05"));
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(callback, recipients: 1).Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = reader.On(topics.DeadLetter).Single();
        Assert.Equal(DeliveryFailureHandler.RetriesExhaustedReason, SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal("6", SampleEvents.Header(deadLetter, DeadLetterHeaders.Attempts));
        Assert.Equal(callback, SampleEvents.Header(deadLetter, DeadLetterHeaders.Target));
        var history = FailureHistory.Parse(SampleEvents.Header(deadLetter, FailureHeaders.History));
        Assert.Equal([1, 2, 3, 4, 5, 6], history.Attempts.Select(a => a.Attempt));
        Assert.All(history.Attempts, a => Assert.Contains("TopicAuthorizationFailed", a.Error, StringComparison.Ordinal));
        Assert.Equal(5, reader.On(topics.Retry).Count);
        Assert.Single(deadLetter.Message.Headers, h => h.Key == StatusHeaders.TraceParent || h.Key == StatusHeaders.StatusId);

        var headerBytes = deadLetter.Message.Headers.Sum(h => h.Key.Length + h.GetValueBytes().Length);
        Assert.InRange(headerBytes, 1, DeadLetterHeaderBound);
        var lastRetry = reader.On(topics.Retry).MaxBy(r => int.Parse(SampleEvents.Header(r, RetryHeaders.Attempt), CultureInfo.InvariantCulture))!;
        Assert.InRange(lastRetry.Message.Headers.Sum(h => h.Key.Length + h.GetValueBytes().Length), 1, DeadLetterHeaderBound);
        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(callback));
    }

    [EmbeddedOnlyFact]
    public async Task DueLaterRecord_DoesNotHoldBackDueSoonerOne_AndNeitherGoesEarly()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();
        var now = TimeProvider.System.GetUtcNow();

        // Same retry partition, the later one first: a queue in offset order would deliver it first.
        var later = ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(6), partition: 0, topics.GroupId);
        var sooner = ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(1), partition: 0, topics.GroupId);
        producer.Flush();
        await reader.WaitForAsync(callback, 2, Deadline);

        var delivered = reader.On(callback).Select(r => (Id: SampleEvents.Header(r, StatusHeaders.StatusId), At: r.Message.Timestamp.UtcDateTime)).ToList();
        Assert.Equal([sooner.StatusId, later.StatusId], delivered.Select(d => d.Id));
        Assert.True(delivered[0].At >= Millisecond(now.AddSeconds(1)), $"delivered at {delivered[0].At:O}, due {now.AddSeconds(1):O}");
        Assert.True(delivered[1].At >= Millisecond(now.AddSeconds(6)), $"delivered at {delivered[1].At:O}, due {now.AddSeconds(6):O}");
    }

    [Fact]
    public async Task SharedRetryTopic_OwnFormerAndUnmarkedRecordsDelivered_OtherGroupsCommittedPastNotDeadLettered()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics,
            new Dictionary<string, string?> { ["Kafka:FormerGroupIds"] = "older-name, old-name" });
        using var producer = kafka.CreateProducer();
        var now = TimeProvider.System.GetUtcNow();

        // All on one retry partition: another group's record (and an unreadable one of it) first, then one of this
        // group, one parked under its former id, and one a replay of an old dead letter sent (no group).
        var foreign = ParkedStatuses.Park(producer, topics.Retry, callback, now, partition: 0, "another-deployment");
        var damaged = new Headers { { RetryHeaders.Group, Encoding.UTF8.GetBytes("another-deployment") } };
        producer.Produce(new TopicPartition(topics.Retry, 0), new Message<byte[], byte[]> { Key = [], Value = "not a retry record"u8.ToArray(), Headers = damaged });
        var own = ParkedStatuses.Park(producer, topics.Retry, callback, now, partition: 0, topics.GroupId);
        var former = ParkedStatuses.Park(producer, topics.Retry, callback, now, partition: 0, "old-name");
        var unmarked = ParkedStatuses.Park(producer, topics.Retry, callback, now, partition: 0, group: null);
        producer.Flush();
        await reader.WaitForAsync(callback, 3, Deadline);

        var retryPartition = new TopicPartition(topics.Retry, 0);
        await Poll.UntilAsync(() => Committed(topics.GroupId + ".retry", retryPartition) == 5, Deadline,
            () => $"retry group committed {Committed(topics.GroupId + ".retry", retryPartition)}, expected 5 (past all five)");
        await reader.CaughtUpAsync(Deadline);
        Assert.Equal(new[] { own.StatusId, former.StatusId, unmarked.StatusId }.Order(),
            reader.On(callback).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).Order());
        Assert.DoesNotContain(reader.On(callback), r => SampleEvents.Header(r, StatusHeaders.StatusId) == foreign.StatusId);
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    private long Committed(string groupId, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }

    [EmbeddedOnlyFact]
    public async Task RetriesWaiting_FreshInputKeepsFlowing()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        var retries = host.Services.GetRequiredService<RetryConsumerService>();
        using var producer = kafka.CreateProducer();
        for (var partition = 0; partition < 4; partition++)
        {
            ParkedStatuses.Park(producer, topics.Retry, callback, TimeProvider.System.GetUtcNow().AddMinutes(10), partition, topics.GroupId);
        }

        producer.Flush();
        await Poll.UntilAsync(() => retries.Held == 4, Deadline, () => $"{retries.Held} of 4 retries held");

        var fresh = SampleEvents.Multicast(callback, recipients: 3);
        SampleEvents.Produce(producer, topics.Input, fresh.Json);
        producer.Flush();
        await reader.WaitForAsync(callback, 3, Deadline);

        Assert.All(reader.On(callback), r => Assert.Equal(fresh.EventId, NotificationStatusJson.Deserialize(r.Message.Value).EventId));
        Assert.Equal(4, retries.Held);
    }

    [EmbeddedOnlyFact]
    public async Task OrderedKeys_FirstRecordFailsTwice_LaterRecordsOfItsKeyWaitBehindIt()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
        using var reader = new TopicReader(kafka, callback, topics.Retry);
        var settings = FastRetries("0.2");
        settings["Retry:OrderedKeys"] = "true";
        await using var host = await PipelineHost.StartAsync(kafka, topics, settings);
        using var producer = kafka.CreateProducer();
        var events = Enumerable.Range(0, 4).Select(_ => SampleEvents.Multicast(callback, recipients: 1)).ToList();

        foreach (var sent in events)
        {
            SampleEvents.Produce(producer, topics.Input, sent.Json, key: "recipient-42");
        }

        producer.Flush();
        await reader.WaitForAsync(callback, 4, Deadline);

        await reader.SettledAsync(kafka, Deadline, topics.InputRead);
        Assert.Equal(events.Select(e => e.EventId), reader.On(callback).Select(r => NotificationStatusJson.Deserialize(r.Message.Value).EventId));
        Assert.Empty(reader.On(topics.Retry));
        Assert.Equal(0, host.Services.GetRequiredService<OrderedDelivery>().ActiveKeys);
    }

    [EmbeddedOnlyFact]
    public async Task RebalanceWhileRetriesHeld_SecondMemberJoinsAndLeaves_EveryDueRecordDelivered()
    {
        kafka.Embedded!.SetGroupConsumerHeartbeatInterval(TimeSpan.FromMilliseconds(500));
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback);
        await using var first = await PipelineHost.StartAsync(kafka, topics);
        var firstRetries = first.Services.GetRequiredService<RetryConsumerService>();
        using var producer = kafka.CreateProducer();
        var dueAt = TimeProvider.System.GetUtcNow().AddSeconds(8);
        var parked = Enumerable.Range(0, 8).Select(i => ParkedStatuses.Park(producer, topics.Retry, callback, dueAt, partition: i % 4, topics.GroupId)).ToList();
        producer.Flush();
        await Poll.UntilAsync(() => firstRetries.Held == 8, Deadline, () => $"{firstRetries.Held} of 8 held by the first member");

        var second = await PipelineHost.StartAsync(kafka, topics);
        var secondRetries = second.Services.GetRequiredService<RetryConsumerService>();
        await Poll.UntilAsync(() => secondRetries.Held > 0 && firstRetries.Held < 8, Deadline,
            () => $"first holds {firstRetries.Held}, second holds {secondRetries.Held}");
        await second.DisposeAsync();
        await Poll.UntilAsync(() => firstRetries.Held == 8 || reader.On(callback).Count > 0, Deadline,
            () => $"first holds {firstRetries.Held} after the second left");

        await reader.WaitForAsync(callback, 8, Deadline);
        var delivered = reader.On(callback).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToHashSet();
        Assert.Subset(delivered, parked.Select(p => p.StatusId).ToHashSet());
        Assert.All(reader.On(callback), r => Assert.True(r.Message.Timestamp.UtcDateTime >= Millisecond(dueAt)));
    }

    [EmbeddedOnlyFact]
    public async Task BrokerDownAndUpMidStream_NothingLost()
    {
        const int Events = 2000;
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

        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        // Slow responses keep statuses in flight long enough for the outage to hit them.
        kafka.Embedded!.SetBrokerRoundTripTime(1, TimeSpan.FromMilliseconds(100));
        await using var host = await PipelineHost.StartAsync(kafka, topics, FastRetries());
        // The whole input can be in and out within a few round trips, so statuses in flight are watched from a thread
        // of its own, which takes the broker down the moment it sees some: a pool-thread poll every 20 ms, starved on
        // a loaded machine, could miss the window altogether.
        var outageSeen = false;
        Exception? watcherFailed = null;
        var watcher = new Thread(() =>
        {
            try
            {
                var started = TimeProvider.System.GetTimestamp();
                var spin = default(SpinWait);
                while (TimeProvider.System.GetElapsedTime(started) < Deadline)
                {
                    if (host.Pipeline.InFlightStatuses > 0)
                    {
                        kafka.Embedded.SetBrokerDown(1);
                        outageSeen = host.Pipeline.InFlightStatuses > 0;
                        return;
                    }

                    // Spins briefly, then yields and sleeps a millisecond at a time: the pipeline keeps its cores.
                    spin.SpinOnce();
                }
            }
            catch (Exception e)
            {
                watcherFailed = e;
            }
        }) { IsBackground = true, Name = "in-flight-watcher" };
        watcher.Start();
        Assert.True(watcher.Join(Deadline + TimeSpan.FromSeconds(5)), "the watcher ends within its deadline");
        Assert.Null(watcherFailed);
        Assert.True(outageSeen, "statuses were in flight when the broker went down");
        // Up again only once a fresh client verifiably cannot reach it: the outage is real, not a blip.
        await Poll.UntilAsync(() => !Reachable(kafka.BootstrapServers), Deadline, () => "broker still reachable");
        kafka.Embedded.SetBrokerUp(1);
        kafka.Embedded.SetBrokerRoundTripTime(1, TimeSpan.Zero);

        HashSet<string> Settled() => reader.Records.Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToHashSet();
        await Poll.UntilAsync(() => Settled().IsSupersetOf(expected), TimeSpan.FromSeconds(90),
            () => $"{expected.Except(Settled()).Count()} of {expected.Count} statuses neither delivered nor dead-lettered");
        await reader.SettledAsync(kafka, TimeSpan.FromSeconds(90), topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    /// <summary>Kafka timestamps have millisecond precision (truncated), so a due time is compared at that precision.</summary>
    private static DateTime Millisecond(DateTimeOffset time) =>
        new(time.UtcDateTime.Ticks - (time.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static bool Reachable(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        try
        {
            admin.GetMetadata(TimeSpan.FromMilliseconds(500));
            return true;
        }
        catch (KafkaException)
        {
            return false;
        }
    }
}
