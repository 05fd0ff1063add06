using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Health;
using StatusStream.Records;
using StatusStream.Subscriptions;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

/// <summary>The subscriptions topic as the only store: restarts, a second instance, and what a raw read shows.</summary>
public sealed class SubscriptionTopicFollowerTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restart_SubscriptionsSurvive_CancelledOnesStayCancelled_AndStillRoute()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        string kept, cancelled;
        await using (var first = await SubscriptionTestHost.StartAsync(kafka, topics, store))
        {
            kept = (await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/kept" })).GetProperty("UUID").GetString()!;
            cancelled = (await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/cancelled" })).GetProperty("UUID").GetString()!;
            using var cancel = await first.SendAsync(HttpMethod.Put, $"/subscriptions/{cancelled}", SubscriptionTestHost.CityKey);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            await first.Host.StopAsync();
            Assert.False(first.Host.Pipeline.ExecuteTask is { IsCompleted: false }, "the first host did not stop");
        }

        await using var second = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        using var getKept = await second.SendAsync(HttpMethod.Get, $"/subscriptions/{kept}", SubscriptionTestHost.CityKey);
        using var getCancelled = await second.SendAsync(HttpMethod.Get, $"/subscriptions/{cancelled}", SubscriptionTestHost.CityKey);
        Assert.Equal(HttpStatusCode.OK, getKept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getCancelled.StatusCode);

        // The secret was read back (decrypted) too: the restarted instance delivers, signed, to the kept one only.
        using var producer = kafka.CreateProducer();
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json);
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, Deadline, () => "no callback after the restart");
        var request = Assert.Single(receiver.Received);
        Assert.Equal("/kept", request.PathAndQuery);
        Assert.StartsWith("v1,", request.Header("webhook-signature"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondInstance_SeesASubscriptionCreatedThroughTheFirst_BeforeItsStartCompletes()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        await using var first = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(Guid.Parse((await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString()!));
        }

        await using var second = await SubscriptionTestHost.StartAsync(kafka, topics, store);

        // No polling: once StartAsync has returned (the host reports started), every subscription is there.
        Assert.All(ids, id => Assert.NotNull(second.Store.Find("city", id)));
        using var list = await second.SendAsync(HttpMethod.Get, "/subscriptions?size=100", SubscriptionTestHost.CityKey);
        var total = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("page").GetProperty("totalElements").GetInt32();
        Assert.Equal(20, total);

        // And it follows the topic afterwards: a cancel through the first reaches the second.
        using var cancel = await first.SendAsync(HttpMethod.Put, $"/subscriptions/{ids[0]}", SubscriptionTestHost.CityKey);
        await Poll.UntilAsync(() => second.Store.Find("city", ids[0]) is null, Deadline, () => "the cancel did not reach the second instance");
    }

    [Fact]
    public async Task RawRead_OfTheSubscriptionsTopic_HoldsNoSecretInPlainText()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        const string Token = "tok3n-in-the-query-string";
        var created = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = $"https://203.0.113.10/hook?token={Token}" });
        var secret = created.GetProperty("signingSecret").GetString()!;
        var secretKey = secret["whsec_".Length..];
        using var reader = new TopicReader(kafka, store);
        await reader.WaitForAsync(store, 1, Deadline);

        var record = Assert.Single(reader.On(store));
        var raw = Encoding.UTF8.GetString(record.Message.Value) + string.Join(" ", record.Message.Headers?.Select(h => Encoding.UTF8.GetString(h.GetValueBytes())) ?? []);
        Assert.DoesNotContain(secretKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(SubscriptionTestHost.CityKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(SubscriptionTestHost.EncryptionKey, raw, StringComparison.Ordinal);
        // What an operator may see: who, what kind, where to (scheme, host and port: a path may hold a secret too), and the sealed part.
        var value = JsonDocument.Parse(record.Message.Value).RootElement;
        Assert.Equal("city", value.GetProperty("namespace").GetString());
        Assert.Equal("https://203.0.113.10", value.GetProperty("callback").GetProperty("display").GetString());
        Assert.True(value.GetProperty("callback").GetProperty("sealed").GetProperty("data").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Follow_AuthenticRecordsWithNullCreatedAt_EachSkippedCountedLoggedOnce_ApiAnswers_RestartStarts()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        using var producer = kafka.CreateProducer();
        await producer.ProduceAsync(store, NullCreatedAt(Guid.NewGuid()));
        string created;
        await using (var first = await SubscriptionTestHost.StartAsync(kafka, topics, store, WithFakeLogs, ("Subscriptions:StartTimeoutSeconds", "15")))
        {
            using var skipped = new MetricCollector<long>(first.Host.Services.GetRequiredService<IMeterFactory>(), StatusStreamMetrics.MeterName,
                SubscriptionMetrics.SkippedRecords);

            // One more on every partition while it follows: whichever it reads first must not stop it reading the others.
            for (var partition = 0; partition < 3; partition++)
            {
                await producer.ProduceAsync(new TopicPartition(store, partition), NullCreatedAt(Guid.NewGuid()));
            }

            await Poll.UntilAsync(() => skipped.GetMeasurementSnapshot().Sum(m => m.Value) == 3, Deadline, () => "the three records were not all skipped");
            Assert.All(skipped.GetMeasurementSnapshot(), m => Assert.Equal(SubscriptionRecordRead.Malformed, m.Tags["reason"]));
            using var answered = new CancellationTokenSource(Deadline);
            created = (await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString()!;
            Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(first)).Status);
            var lines = Skips(first);
            Assert.Equal(4, lines.Count);
            Assert.Equal(4, lines.Select(l => l.Message).Distinct().Count());
            Assert.All(lines, l => Assert.Matches("partition [0-2] offset [0-9]+ is skipped \\(malformed\\)", l.Message));
            Assert.All(lines, l => Assert.DoesNotContain("createdAt", l.Message, StringComparison.Ordinal));
        }

        // Before: every start read the record, its thread died, and the host gave up after StartTimeoutSeconds (exit 134).
        await using var second = await SubscriptionTestHost.StartAsync(kafka, topics, store, ("Subscriptions:StartTimeoutSeconds", "15"));
        Assert.NotNull(second.Store.Find("city", Guid.Parse(created)));
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(second)).Status);
    }

    [Fact]
    public async Task Follow_ForgedRecordsWithoutTheKey_EachSkippedAndLoggedOnce_NothingChanges()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store, WithFakeLogs);
        using var skipped = new MetricCollector<long>(api.Host.Services.GetRequiredService<IMeterFactory>(), StatusStreamMetrics.MeterName,
            SubscriptionMetrics.SkippedRecords);
        var real = Guid.Parse((await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString()!);
        var toEvil = ForgedStream("evil.loot-callback");
        var toOffsets = ForgedStream("__consumer_offsets");
        var reenabled = JsonNode.Parse(SubscriptionRecord.Write(api.Store.Find("city", real)!, SubscriptionTestHost.Sealer))!.AsObject();
        reenabled["filter"] = new JsonObject { ["outcome"] = "failure" };
        var tampered = SubscriptionTestHost.TaggedRecord(api.Store.Find("city", real)!);
        tampered.Value = Encoding.UTF8.GetBytes(reenabled.ToJsonString());
        var otherKey = SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = Convert.ToBase64String(new byte[32]) }, out var sealer, out _) ? sealer! : null!;

        using var producer = kafka.CreateProducer();
        foreach (var forged in new[]
        {
            toEvil.Record, toOffsets.Record, tampered,
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(real.ToString("D")), Value = null!, Headers = new Headers { { SubscriptionHeaders.Namespace, "evil"u8.ToArray() } } },
            SubscriptionTestHost.TaggedRecord(real, "city", value: null, ended: "cancelled", otherKey),
        })
        {
            await producer.ProduceAsync(store, forged);
        }

        await Poll.UntilAsync(() => skipped.GetMeasurementSnapshot().Sum(m => m.Value) == 5, Deadline,
            () => $"{skipped.GetMeasurementSnapshot().Sum(m => m.Value)} of 5 forged records skipped");
        Assert.All(skipped.GetMeasurementSnapshot(), m => Assert.Equal(SubscriptionRecordRead.Unauthenticated, m.Tags["reason"]));
        Assert.Null(api.Store.Find("city", toEvil.Id));
        Assert.Null(api.Store.Find("city", toOffsets.Id));
        var kept = api.Store.Find("city", real);
        Assert.NotNull(kept);
        Assert.Equal(OutcomeFilter.Any, kept.Filter.Outcome);
        Assert.True(api.Store.IsDeliverable(real));
        Assert.Equal(5, Skips(api).Count);
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(api)).Status);
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" });
    }

    [Fact]
    public async Task Follow_ThreadFailsUnexpectedly_LoggedOnceAndReadinessFails()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        var consumer = new ScriptedFollowerConsumer(store, partitions: 3);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store, b => WithScriptedConsumer(b, consumer, time: null));
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(api)).Status);

        consumer.Next = () => throw new InvalidOperationException("a defect whose message quotes a record: whsec_c2VjcmV0");

        await Poll.UntilAsync(() => ReadinessAsync(api).Result.Status == HealthStatus.Unhealthy, Deadline, () => "readiness still healthy");
        var result = await ReadinessAsync(api);
        Assert.Contains("InvalidOperationException", result.Description, StringComparison.Ordinal);
        var crash = Assert.Single(api.Host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 8013);
        Assert.Equal(LogLevel.Critical, crash.Level);
        Assert.DoesNotContain("whsec_", crash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_RepeatedConsumeErrors_OneLinePerKindPerThirtySeconds_TheNextSaysHowManyItStandsFor()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        var consumer = new ScriptedFollowerConsumer(store, partitions: 3);
        var time = new FakeTimeProvider();
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store, b => WithScriptedConsumer(b, consumer, time));
        var outage = new ConsumeException(new ConsumeResult<byte[], byte[]>(), new Error(ErrorCode.Local_Transport, "broker down"));
        var thrown = 0;
        consumer.Next = () => Interlocked.Increment(ref thrown) <= 50 ? throw outage : null;
        await Poll.UntilAsync(() => Volatile.Read(ref thrown) > 50, Deadline, () => $"{thrown} errors so far");
        Assert.Single(ConsumeErrors(api));

        time.Advance(TimeSpan.FromSeconds(31));
        var again = 0;
        consumer.Next = () => Interlocked.Increment(ref again) == 1 ? throw outage : null;
        await Poll.UntilAsync(() => ConsumeErrors(api).Count == 2, Deadline, () => "no second line after the window");
        Assert.Contains("and 49 more like it in the last 30 s", ConsumeErrors(api)[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_AFloodOfBadRecords_EachLoggedOnceUpToTwentyPerThirtySeconds_AllCounted_TheNextLineSaysHowManyItStandsFor()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        var consumer = new ScriptedFollowerConsumer(store, partitions: 3);
        var time = new FakeTimeProvider();
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store, b => WithScriptedConsumer(b, consumer, time));
        using var skipped = new MetricCollector<long>(api.Host.Services.GetRequiredService<IMeterFactory>(), StatusStreamMetrics.MeterName,
            SubscriptionMetrics.SkippedRecords);
        var offset = -1;
        consumer.Next = () => Interlocked.Increment(ref offset) < 25 ? BadKey(store, offset) : null;
        await Poll.UntilAsync(() => skipped.GetMeasurementSnapshot().Sum(m => m.Value) == 25, Deadline, () => "not all 25 records were counted");
        Assert.Equal(20, Skips(api).Count);

        time.Advance(TimeSpan.FromSeconds(31));
        var next = -1;
        consumer.Next = () => Interlocked.Increment(ref next) == 0 ? BadKey(store, 25) : null;
        await Poll.UntilAsync(() => Skips(api).Count == 21, Deadline, () => "no line after the window");
        Assert.Contains("offset 25 is skipped (key)", Skips(api)[20].Message, StringComparison.Ordinal);
        Assert.Contains("and 5 more like it in the last 30 s", Skips(api)[20].Message, StringComparison.Ordinal);
    }

    [EmbeddedOnlyFact]
    public async Task Stop_DuringABrokerOutage_EndsWithinTheShutdownTimeout_WithoutAnException()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store, ("Pipeline:ShutdownTimeoutSeconds", "2"));
        kafka.Embedded!.SetBrokerDown(1);
        try
        {
            // The follower has noticed: it has a connection to lose, and its close would need the broker.
            await Poll.UntilAsync(() => !Reachable(kafka.BootstrapServers), Deadline, () => "broker still reachable");
            var stopping = TimeProvider.System.GetTimestamp();

            // The host's own limit is the drain plus 10 s; the follower must not use it all up, nor throw when it ends.
            await api.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(12));

            Assert.True(TimeProvider.System.GetElapsedTime(stopping) < TimeSpan.FromSeconds(12));
        }
        finally
        {
            kafka.Embedded.SetBrokerUp(1);
        }
    }

    private static bool Reachable(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).SetLogHandler((_, _) => { }).Build();
        try
        {
            return admin.GetMetadata(TimeSpan.FromMilliseconds(500)).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Start_AcceptUntaggedRecords_PreviousVersionsRecordsReadAndWrittenAgainTagged_ThenReadWithoutIt()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        var legacy = ForgedStream("city.subscriptions-callback");
        var ended = ForgedStream("city.subscriptions-callback");
        using var producer = kafka.CreateProducer();
        await producer.ProduceAsync(store, legacy.Record);
        await producer.ProduceAsync(store, ended.Record);
        await producer.ProduceAsync(store, new Message<byte[], byte[]>
        {
            Key = ended.Record.Key, Value = null!, Headers = new Headers { { SubscriptionHeaders.Namespace, "city"u8.ToArray() } },
        });

        // Without the setting, as a forged record would be: skipped.
        await using (var strict = await SubscriptionTestHost.StartAsync(kafka, topics, store))
        {
            Assert.Null(strict.Store.Find("city", legacy.Id));
        }

        await using (var upgrading = await SubscriptionTestHost.StartAsync(kafka, topics, store, ("Subscriptions:AcceptUntaggedRecords", "true")))
        {
            Assert.NotNull(upgrading.Store.Find("city", legacy.Id));
            using var reader = new TopicReader(kafka, store);
            await reader.WaitForAsync(store, 5, Deadline);
            // Partitions arrive in any order: the rewritten ones are those with a tag.
            var retagged = reader.On(store).Where(r => SubscriptionRecordTag.IsPresent(r.Message.Headers)).ToList();
            Assert.Equal(2, retagged.Count);
            Assert.All(retagged, r => Assert.True(SubscriptionRecordTag.Verify(r.Message.Headers, SubscriptionTestHost.Sealer, r.Message.Key, r.Message.Value)));
            Assert.Equal(new[] { legacy.Id, ended.Id }.Order(), retagged.Select(r => Guid.Parse(Encoding.UTF8.GetString(r.Message.Key))).Order());
            Assert.Null(retagged.Single(r => Guid.Parse(Encoding.UTF8.GetString(r.Message.Key)) == ended.Id).Message.Value);
        }

        await using var upgraded = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        Assert.NotNull(upgraded.Store.Find("city", legacy.Id));
        Assert.Null(upgraded.Store.Find("city", ended.Id));
        Assert.True(upgraded.Store.HasEnded("city", ended.Id));
    }

    private static void WithFakeLogs(HostApplicationBuilder builder) => builder.Logging.AddFakeLogging();

    private static void WithScriptedConsumer(HostApplicationBuilder builder, ScriptedFollowerConsumer consumer, TimeProvider? time)
    {
        builder.Logging.AddFakeLogging();
        Func<ConsumerConfig, ConsumerBuilder<byte[], byte[]>> consumers = config => consumer.Builder(config);
        // The last registration wins, and the hosted service resolves the follower through it.
        builder.Services.AddSingleton(sp => time is null
            ? ActivatorUtilities.CreateInstance<SubscriptionTopicFollower>(sp, consumers)
            : ActivatorUtilities.CreateInstance<SubscriptionTopicFollower>(sp, consumers, time));
    }

    private static ConsumeResult<byte[], byte[]> BadKey(string topic, int offset) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(topic, 0, offset),
        Message = new Message<byte[], byte[]> { Key = "not-an-id"u8.ToArray(), Value = "{}"u8.ToArray() },
    };

    private static Message<byte[], byte[]> NullCreatedAt(Guid id)
    {
        var subscription = new Subscription(id, "city", SubscriptionMode.Continuous, SubscriptionState.Active, DateTimeOffset.UnixEpoch,
            SubscriptionFilter.None, callbackUrl: null, "city.subscriptions-callback", WebhookProfile.Hal, signingSecret: null);
        var value = JsonNode.Parse(SubscriptionRecord.Write(subscription, SubscriptionTestHost.Sealer))!.AsObject();
        value["createdAt"] = null;
        return SubscriptionTestHost.TaggedRecord(id, "city", Encoding.UTF8.GetBytes(value.ToJsonString()));
    }

    /// <summary>A Kafka-type subscription of city's written straight to the topic, as the API never would: no tag.</summary>
    private static (Guid Id, Message<byte[], byte[]> Record) ForgedStream(string topic)
    {
        var id = Guid.NewGuid();
        var value = $$$"""{"v":1,"id":"{{{id}}}","namespace":"city","mode":"continuous","state":"active","createdAt":"2026-12-01T00:00:00Z","callback":{"type":"kafka","topic":"{{{topic}}}"},"filter":{"outcome":"any"}}""";
        return (id, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(id.ToString("D")), Value = Encoding.UTF8.GetBytes(value) });
    }

    private static List<FakeLogRecord> Skips(SubscriptionTestHost host) =>
        [.. host.Host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 8004)];

    private static List<FakeLogRecord> ConsumeErrors(SubscriptionTestHost host) =>
        [.. host.Host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 8002)];

    private static Task<HealthCheckResult> ReadinessAsync(SubscriptionTestHost host)
    {
        var check = host.Host.Services.GetRequiredService<SubscriptionsHealthCheck>();
        return check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("subscriptions", check, HealthStatus.Unhealthy, [HealthRoutes.ReadyTag]),
        });
    }

    /// <summary>
    /// The follower's consumer, scripted: the end of each partition first (so the start completes), then whatever
    /// <see cref="Next"/> says on every poll (null: nothing new). Only the admin client's metadata read is real.
    /// </summary>
    private sealed class ScriptedFollowerConsumer(string topic, int partitions)
    {
        private int _ends;

        public Func<ConsumeResult<byte[], byte[]>?> Next { get; set; } = () => null;

        public ConsumerBuilder<byte[], byte[]> Builder(ConsumerConfig config)
        {
            var consumer = new Mock<IConsumer<byte[], byte[]>>();
            consumer.Setup(c => c.Consume(It.IsAny<TimeSpan>())).Returns(() =>
            {
                var end = Interlocked.Increment(ref _ends) - 1;
                return end < partitions
                    ? new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = new TopicPartitionOffset(topic, end, 0), IsPartitionEOF = true }
                    : Next()!;
            });
            var builder = new Mock<ConsumerBuilder<byte[], byte[]>>(config) { CallBase = true };
            builder.Setup(b => b.Build()).Returns(consumer.Object);
            return builder.Object;
        }
    }
}
