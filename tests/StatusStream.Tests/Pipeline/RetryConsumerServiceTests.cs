using System.Collections.Concurrent;
using Confluent.Kafka;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StatusStream.Embedded;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Records;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>The retry consumer on the embedded cluster, with real webhook receivers on 127.0.0.1.</summary>
public sealed class RetryConsumerServiceTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The attacker's report: one tenant's receiver answers 429 with a huge Retry-After, so its statuses wait an hour
    /// on the retry topic, more of them than Pipeline:MaxInFlightStatuses. Another tenant's statuses, parked behind
    /// them with a 1 s backoff, must still be retried after about a second.
    /// </summary>
    [Fact]
    public async Task ManyRetriesDueInAnHourPastTheInFlightBound_AnotherTenantsRetryDueInOneSecond_RetriedOnTime()
    {
        const int Flooding = 20;
        const int MaxInFlight = 5;
        await using var slowed = await WebhookReceiver.StartAsync();
        slowed.Respond((_, context) =>
        {
            context.Response.Headers.RetryAfter = "999999999";
            return Task.FromResult(429);
        });
        await using var flaky = await WebhookReceiver.StartAsync();
        var attempts = new ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>>(StringComparer.Ordinal);
        flaky.Respond((_, context) =>
        {
            var times = attempts.GetOrAdd(context.Request.Headers[StatusHeaders.StatusId].ToString(), _ => new ConcurrentQueue<DateTimeOffset>());
            times.Enqueue(TimeProvider.System.GetUtcNow());
            return Task.FromResult(times.Count == 1 ? 503 : 200);
        });
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Pipeline:MaxInFlightStatuses"] = MaxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Retry:BackoffFactor"] = "1",
            ["Retry:BackoffMax"] = "1",
            // Long enough that no flooding record is re-parked during the test (on a slow machine too): all stay held.
            ["Retry:HoldSeconds"] = "600",
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:BreakerMinimumThroughput"] = "1000",
        });
        var retries = host.Services.GetRequiredService<RetryConsumerService>();
        using var held = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), StatusStreamMetrics.MeterName, StatusStreamMetrics.RetriesHeld);
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.MulticastWebhook(slowed.BaseUrl + "/tenant-a", Flooding).Json);
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, Flooding, Deadline);
        var victim = SampleEvents.MulticastWebhook(flaky.BaseUrl + "/tenant-b", recipients: 3);
        SampleEvents.Produce(producer, topics.Input, victim.Json);
        producer.Flush();

        var expected = victim.Recipients.Select(r => $"{victim.EventId:D}:{r:D}").ToList();
        await Poll.UntilAsync(() => expected.All(id => attempts.TryGetValue(id, out var t) && t.Count >= 2), Deadline,
            () => $"{expected.Count(id => attempts.TryGetValue(id, out var t) && t.Count >= 2)} of {expected.Count} retries of the second tenant arrived; "
                + $"the retry consumer holds {retries.Held}");
        Assert.All(expected, id =>
        {
            var times = attempts[id].ToArray();
            // Due 1 s after the 503; a generous bound for a loaded machine, still far below the hour the first tenant waits.
            Assert.InRange(times[1] - times[0], TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        });
        // The flood is still held (none delivered early, none lost), and all of it was read despite the bound of 5.
        Assert.Equal(Flooding, slowed.Received.Count);
        Assert.Equal(Flooding, retries.Held);
        held.RecordObservableInstruments();
        Assert.Equal(Flooding, held.LastMeasurement?.Value);
        // The retry group cannot commit past the held flood; the input group settles every status's first outcome.
        await reader.SettledAsync(kafka, Deadline, topics.InputRead);
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    /// <summary>
    /// The Retry-After of a real response reaches the retry schedule: parked no earlier than the receiver asked, though
    /// the backoff alone would make it due after 1 s. (The classifier is tested on its own; this is the wiring from the
    /// HTTP response to it.)
    /// </summary>
    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task ReceiverAsksToRetryAfter120Seconds_ParkedDueNoEarlier(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond((_, context) =>
        {
            context.Response.Headers.RetryAfter = "120";
            return Task.FromResult(status);
        });
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Retry:BackoffFactor"] = "1",
            ["Retry:BackoffMax"] = "1",
            ["Webhooks:AllowLoopback"] = "true",
        });
        using var producer = kafka.CreateProducer();
        var sent = TimeProvider.System.GetUtcNow();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/later"));
        producer.Flush();

        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        var dueAt = DateTimeOffset.Parse(SampleEvents.Header(reader.On(topics.Retry).Single(), RetryHeaders.DueAt), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(dueAt >= sent.AddSeconds(120), $"due at {dueAt:O}, the request was sent after {sent:O}: earlier than the receiver's Retry-After: 120");
    }

    /// <summary>
    /// Past Retry:MaxHeldStatuses the furthest-due records go back to the retry topic at once, memory stays at the bound,
    /// and a record due sooner read after them is still held and delivered when due.
    /// </summary>
    [Fact]
    public async Task MoreFarRetriesThanMaxHeld_HeldStayAtTheBound_DueSoonerStillDelivered()
    {
        const int MaxHeld = 4;
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback, topics.Retry);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Retry:MaxHeldStatuses"] = MaxHeld.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var retries = host.Services.GetRequiredService<RetryConsumerService>();
        using var producer = kafka.CreateProducer();
        var now = TimeProvider.System.GetUtcNow();
        var far = Enumerable.Range(0, 10).Select(i => ParkedStatuses.Park(producer, topics.Retry, callback, now.AddHours(1).AddSeconds(i), partition: 0, topics.GroupId)).ToList();
        var sooner = ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(2), partition: 0, topics.GroupId);
        producer.Flush();

        await reader.WaitForAsync(callback, 1, Deadline);
        Assert.Equal(sooner.StatusId, SampleEvents.Header(reader.On(callback).Single(), StatusHeaders.StatusId));
        Assert.InRange(retries.Held, 1, MaxHeld);
        // Every far record is still somewhere: held, or re-parked (its copy on the retry topic, same due time).
        var onTopic = reader.On(topics.Retry).Select(r => SampleEvents.Header(r, StatusHeaders.StatusId)).ToList();
        Assert.All(far, f => Assert.Contains(f.StatusId, onTopic));
        Assert.True(onTopic.Count > far.Count + 1, $"{onTopic.Count} records on the retry topic: the ones past the bound were re-parked");
    }

    /// <summary>
    /// The retry topic refuses the re-park of a far record for longer than the client's delivery timeout: the original stays
    /// unacknowledged (its partition uncommitted) while the writer holds the copy, then the copy is written and the
    /// original committed past. Nothing is lost, nothing is fatal.
    /// </summary>
    [EmbeddedOnlyFact]
    public async Task ReparkRefusedPastTheDeliveryTimeout_OriginalUncommittedUntilTheCopyIsWritten()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        var retryPartition = new TopicPartition(topics.Retry, 0);
        using var reader = new TopicReader(kafka, topics.Retry);
        using var producer = kafka.CreateProducer();
        var far = ParkedStatuses.Park(producer, topics.Retry, callback, TimeProvider.System.GetUtcNow().AddHours(1), partition: 0, topics.GroupId);
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        for (var partition = 0; partition < 4; partition++)
        {
            kafka.Embedded!.PushPartitionRequestErrors(topics.Retry, partition, KafkaApiKey.Produce, Enumerable.Repeat(ErrorCode.NotEnoughReplicas, 12).ToArray());
        }

        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Kafka:DeliveryTimeoutSeconds"] = "1",
            ["Retry:HoldSeconds"] = "1",
        });
        using var reparked = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), StatusStreamMetrics.MeterName, StatusStreamMetrics.RetriesReparked);
        var writer = host.Services.GetRequiredService<InternalTopicWriter>();
        var failures = host.Services.GetRequiredService<PipelineFailures>();
        await Poll.UntilAsync(() => writer.Held > 0, Deadline, () => "the retry topic's refusal never outlasted the delivery timeout");
        Assert.True(Committed(topics.GroupId + ".retry", retryPartition) < 1, "committed past the original while its copy was refused");

        await reader.WaitForAsync(topics.Retry, 2, Deadline);
        await Poll.UntilAsync(() => Committed(topics.GroupId + ".retry", retryPartition) >= 1, Deadline,
            () => $"retry group committed {Committed(topics.GroupId + ".retry", retryPartition)} on {retryPartition}");
        Assert.False(failures.IsFatal, failures.FatalReason);
        await Poll.UntilAsync(() => reparked.GetMeasurementSnapshot().Count >= 1, Deadline, () => "no re-park counted");
        Assert.All(reparked.GetMeasurementSnapshot(), m => Assert.Equal(RetryConsumerService.HorizonReparkTag, m.Tags[TelemetryTags.ReparkReason]));
        var copy = reader.On(topics.Retry)[1];
        Assert.Equal(far.StatusId, SampleEvents.Header(copy, StatusHeaders.StatusId));
        Assert.Equal(SampleEvents.Header(reader.On(topics.Retry)[0], RetryHeaders.DueAt), SampleEvents.Header(copy, RetryHeaders.DueAt));
    }

    private long Committed(string groupId, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }
}
