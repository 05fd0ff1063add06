using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Confluent.Kafka;
using StatusStream.Embedded;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Embedded;

/// <summary>
/// Real Confluent.Kafka clients against the embedded cluster. Each test starts its own cluster
/// and waits by polling with a deadline; nothing sleeps for a fixed time.
/// </summary>
public sealed class EmbeddedKafkaClusterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public void Start_OneBroker_BootstrapServersIsOneLoopbackAddress()
    {
        using var cluster = EmbeddedKafkaCluster.Start();

        Assert.Equal(1, cluster.BrokerCount);
        Assert.Matches(@"^127\.0\.0\.1:\d{1,5}$", cluster.BootstrapServers);
    }

    [Fact]
    public void Start_ThreeBrokers_ListsThreeLoopbackPortsAndMetadataShowsBrokersOneToThree()
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);

        Assert.Equal(3, cluster.BrokerCount);
        Assert.Matches(@"^127\.0\.0\.1:\d{1,5}(,127\.0\.0\.1:\d{1,5}){2}$", cluster.BootstrapServers);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Distinct().Count());

        using var admin = Admin(cluster);
        var metadata = admin.GetMetadata(Deadline);
        Assert.Equal([1, 2, 3], metadata.Brokers.Select(b => b.BrokerId).Order());
        Assert.All(metadata.Brokers, b => Assert.Contains($"127.0.0.1:{b.Port}", cluster.BootstrapServers, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_FirstPort_BrokersAdvertiseAndServeThosePorts_AgainAfterARestart()
    {
        var port = LoopbackPort.Unused();
        var expected = $"127.0.0.1:{port},127.0.0.1:{port + 1}";
        var topic = Unique("fixed");
        using (var cluster = EmbeddedKafkaCluster.Start(2, port))
        {
            Assert.Equal(expected, cluster.BootstrapServers);
            cluster.CreateTopic(topic, 2, replicationFactor: 2);
            using (var admin = Admin(cluster))
            {
                // What clients connect to after the bootstrap: the metadata must name the chosen ports, not the brokers' own.
                var metadata = admin.GetMetadata(Deadline);
                Assert.Equal([port, port + 1], metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => b.Port));
            }

            using var producer = Producer(cluster);
            foreach (var partition in new[] { 0, 1 })
            {
                var report = await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string> { Key = "k", Value = "kept" });
                Assert.Equal(PersistenceStatus.Persisted, report.Status);
            }
        }

        // The same address again, and (as documented) an empty cluster: the topic is gone.
        using var again = EmbeddedKafkaCluster.Start(2, port);
        Assert.Equal(expected, again.BootstrapServers);
        using var adminAgain = Admin(again);
        Assert.DoesNotContain(adminAgain.GetMetadata(Deadline).Topics, t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
    }

    [Fact]
    public void Start_FirstPortTaken_ThrowsSocketException()
    {
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();

        Assert.Throws<SocketException>(() => EmbeddedKafkaCluster.Start(1, ((System.Net.IPEndPoint)taken.LocalEndpoint).Port));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(EmbeddedKafkaCluster.MaxBrokers + 1)]
    public void Start_BrokerCountOutOfRange_ThrowsArgumentOutOfRange(int brokers) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddedKafkaCluster.Start(brokers));

    [Fact]
    public void CreateTopic_SixPartitions_MetadataShowsSixPartitionsWithTheirReplicas()
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);
        var topic = Unique("six");

        cluster.CreateTopic(topic, partitions: 6, replicationFactor: 3);

        using var admin = Admin(cluster);
        var described = Assert.Single(admin.GetMetadata(topic, Deadline).Topics);
        Assert.Equal(ErrorCode.NoError, described.Error.Code);
        Assert.Equal([0, 1, 2, 3, 4, 5], described.Partitions.Select(p => p.PartitionId).Order());
        Assert.All(described.Partitions, p => Assert.Equal(3, p.Replicas.Length));
    }

    [Fact]
    public void CreateTopic_ExistingTopic_ThrowsWithTheLibrdkafkaErrorName()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("twice");
        cluster.CreateTopic(topic, 1);

        var error = Assert.Throws<KafkaException>(() => cluster.CreateTopic(topic, 1));

        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Error.Code);
        Assert.Contains("TOPIC_ALREADY_EXISTS", error.Message, StringComparison.Ordinal);
        Assert.Contains(topic, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    public void CreateTopic_PartitionsOrReplicationOutOfRange_ThrowsArgumentOutOfRange(int partitions, int replicationFactor)
    {
        using var cluster = EmbeddedKafkaCluster.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic(Unique("bad"), partitions, replicationFactor));
    }

    [Fact]
    public async Task Produce_UnknownTopic_AutoCreatesItWithFourPartitions()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("auto");

        using (var producer = Producer(cluster))
        {
            var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        using var admin = Admin(cluster);
        var described = Assert.Single(admin.GetMetadata(Deadline).Topics, t => t.Topic == topic);
        Assert.Equal(EmbeddedKafkaCluster.AutoCreatedTopicPartitions, described.Partitions.Count);
        Assert.Equal(4, EmbeddedKafkaCluster.AutoCreatedTopicPartitions);
    }

    [Fact]
    public async Task ProduceAndConsume_WithHeadersThroughAConsumerGroup_RoundTrips()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("round");
        cluster.CreateTopic(topic, 2);
        var headers = new Headers
        {
            { "attempt", [3] },
            { "event-id", Encoding.UTF8.GetBytes("6f1c2a7e-0000-4000-8000-000000000001") },
        };

        using (var producer = Producer(cluster))
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "recipient-1", Value = "{\"ok\":true}", Headers = headers });
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = Unique("group"),
            GroupProtocol = GroupProtocol.Consumer,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var received = ConsumeUntil(consumer, 1).Single();
        consumer.Close();

        Assert.Equal("recipient-1", received.Message.Key);
        Assert.Equal("{\"ok\":true}", received.Message.Value);
        Assert.Equal([3], received.Message.Headers.GetLastBytes("attempt"));
        Assert.Equal("6f1c2a7e-0000-4000-8000-000000000001", Encoding.UTF8.GetString(received.Message.Headers.GetLastBytes("event-id")));
    }

    [Fact]
    public async Task PushRequestErrors_ThreeNotLeaderErrorsOnProduce_IdempotentProducerRetriesAndTheMessageArrivesOnce()
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);
        var topic = Unique("retry");
        cluster.CreateTopic(topic, 1);
        cluster.StartRequestTracking();
        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.NotLeaderForPartition, ErrorCode.NotLeaderForPartition);

        DeliveryResult<string, string> delivered;
        using (var producer = Producer(cluster, idempotent: true))
        {
            delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "once" });
        }

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(0, delivered.Offset.Value);
        // Three failed attempts and the one that stuck: the errors were really injected.
        Assert.True(cluster.GetTrackedRequests().Count(r => r.Api == KafkaApiKey.Produce) >= 4);

        var all = ReadAll(cluster, topic, partitions: 1, expected: 1);
        Assert.Equal("once", Assert.Single(all).Message.Value);
        Assert.Equal(1, StoredCount(cluster, topic, partitions: 1));
    }

    [Fact]
    public async Task PushRequestErrors_PermanentErrorOnProduce_FailsTheDeliveryWithThatError()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("denied");
        cluster.CreateTopic(topic, 1);
        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);

        using var producer = Producer(cluster);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
    }

    [Fact]
    public async Task ClearRequestErrors_PendingProduceErrors_NextProduceSucceeds()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("cleared");
        cluster.CreateTopic(topic, 1);
        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);

        cluster.ClearRequestErrors(KafkaApiKey.Produce);

        using var producer = Producer(cluster);
        var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" });
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public async Task PushBrokerRequestError_OnThePartitionLeader_IsUsedByTheNextProduceToThatBroker()
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);
        var topic = Unique("broker-error");
        cluster.CreateTopic(topic, 1);
        var leader = LeaderOf(cluster, topic, 0);

        cluster.PushBrokerRequestError(leader, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, cluster.PendingBrokerRequestErrors(leader, KafkaApiKey.Produce));

        using var producer = Producer(cluster);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
        Assert.Equal(0, cluster.PendingBrokerRequestErrors(leader, KafkaApiKey.Produce));
    }

    [Fact]
    public async Task PushPartitionRequestErrors_PermanentErrorOnOnePartition_FailsOnlyThatPartition()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("partition-error");
        cluster.CreateTopic(topic, 2);
        cluster.PushPartitionRequestErrors(topic, 1, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);

        using var producer = Producer(cluster);
        var healthy = await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string, string> { Key = "k", Value = "v" });
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync(new TopicPartition(topic, 1), new Message<string, string> { Key = "k", Value = "v" }));

        Assert.Equal(PersistenceStatus.Persisted, healthy.Status);
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
    }

    [Fact]
    public void SetBrokerDown_ThenUp_MessagesProducedWhileDownAreDeliveredAfterwardAndNoneIsLost()
    {
        const int Partitions = 6;
        const int PerPartition = 5;
        using var cluster = EmbeddedKafkaCluster.Start(3);
        var topic = Unique("outage");
        cluster.CreateTopic(topic, Partitions);
        var downBroker = LeaderOf(cluster, topic, 0);
        var onDownBroker = Enumerable.Range(0, Partitions).Where(p => LeaderOf(cluster, topic, p) == downBroker).ToHashSet();

        using var producer = Producer(cluster, idempotent: true, extra: config =>
        {
            // Reconnects come quickly once the broker is back, instead of after up to 10 s of backoff.
            config.ReconnectBackoffMs = 50;
            config.ReconnectBackoffMaxMs = 250;
        });
        var results = new ConcurrentBag<DeliveryReport<string, string>>();
        void Send(string value, int partition) =>
            producer.Produce(new TopicPartition(topic, partition), new Message<string, string> { Key = value, Value = value }, results.Add);

        // Connected to every broker before the outage.
        for (var p = 0; p < Partitions; p++)
        {
            Send($"before-{p}", p);
        }

        Assert.Equal(0, producer.Flush(Deadline));

        cluster.SetBrokerDown(downBroker);
        for (var p = 0; p < Partitions; p++)
        {
            for (var i = 0; i < PerPartition; i++)
            {
                Send($"during-{p}-{i}", p);
            }
        }

        var reachable = (Partitions - onDownBroker.Count) * PerPartition;
        PollUntil(producer, () => results.Count(r => r.Message.Value.StartsWith("during-", StringComparison.Ordinal)) >= reachable);
        var duringOutage = results.Where(r => r.Message.Value.StartsWith("during-", StringComparison.Ordinal)).ToList();
        Assert.Equal(reachable, duringOutage.Count);
        Assert.All(duringOutage, r => Assert.DoesNotContain(r.Partition.Value, onDownBroker));

        cluster.SetBrokerUp(downBroker);
        Assert.Equal(0, producer.Flush(Deadline));
        for (var p = 0; p < Partitions; p++)
        {
            Send($"after-{p}", p);
        }

        Assert.Equal(0, producer.Flush(Deadline));

        const int Total = Partitions + (Partitions * PerPartition) + Partitions;
        Assert.Equal(Total, results.Count);
        Assert.All(results, r => Assert.Equal(ErrorCode.NoError, r.Error.Code));
        var stored = ReadAll(cluster, topic, Partitions, Total).Select(r => r.Message.Value).ToList();
        Assert.Equal(Total, stored.Count);
        Assert.Equal(Total, stored.Distinct().Count());
        Assert.Equal(Total, StoredCount(cluster, topic, Partitions));
    }

    [Fact]
    public void SetBrokerRoundTripTime_OnTheOnlyBroker_DelaysItsResponses()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var delay = TimeSpan.FromMilliseconds(300);
        cluster.SetBrokerRoundTripTime(1, delay);

        using var admin = Admin(cluster);
        var watch = Stopwatch.StartNew();
        admin.GetMetadata(Deadline);

        // A lower bound only: the delay can make the call slower, never faster.
        Assert.True(watch.Elapsed >= delay, $"metadata came back after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void SetTopicError_ThenNoError_MetadataReportsTheErrorUntilCleared()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("flaky");
        cluster.CreateTopic(topic, 1);
        using var admin = Admin(cluster);

        cluster.SetTopicError(topic, ErrorCode.TopicAuthorizationFailed);
        var failing = Assert.Single(admin.GetMetadata(topic, Deadline).Topics);
        cluster.SetTopicError(topic, ErrorCode.NoError);
        var healed = Assert.Single(admin.GetMetadata(topic, Deadline).Topics);

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failing.Error.Code);
        Assert.Equal(ErrorCode.NoError, healed.Error.Code);
    }

    [Fact]
    public void SetPartitionLeader_ToAnotherBroker_MetadataShowsTheNewLeader()
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);
        var topic = Unique("moved");
        cluster.CreateTopic(topic, 1);
        var newLeader = LeaderOf(cluster, topic, 0) % 3 + 1;

        cluster.SetPartitionLeader(topic, 0, newLeader);

        Assert.Equal(newLeader, LeaderOf(cluster, topic, 0));
    }

    [Fact]
    public void DeleteTopic_Existing_DisappearsFromMetadataAndASecondDeleteThrows()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("gone");
        cluster.CreateTopic(topic, 1);

        cluster.DeleteTopic(topic);

        using var admin = Admin(cluster);
        Assert.DoesNotContain(admin.GetMetadata(Deadline).Topics, t => t.Topic == topic);
        var error = Assert.Throws<KafkaException>(() => cluster.DeleteTopic(topic));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, error.Error.Code);
    }

    [Fact]
    public void SetGroupConsumerHeartbeatInterval_Lowered_ConsumersHeartbeatAtTheNewPace()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = Unique("beat");
        cluster.CreateTopic(topic, 1);
        cluster.SetGroupConsumerHeartbeatInterval(TimeSpan.FromMilliseconds(200));
        cluster.StartRequestTracking();

        using var consumer = Consumer(cluster, Unique("group"));
        consumer.Subscribe(topic);
        List<ObservedRequest> beats = [];
        var watch = Stopwatch.StartNew();
        while (beats.Count < 5 && watch.Elapsed < Deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100));
            beats = [.. cluster.GetTrackedRequests().Where(r => r.Api == KafkaApiKey.ConsumerGroupHeartbeat)];
        }

        consumer.Close();

        Assert.True(beats.Count >= 5, $"only {beats.Count} heartbeats in {Deadline}");
        // The default interval is 3 s; a generous bound that still tells the two apart.
        var lastGap = TimeSpan.FromMicroseconds(beats[^1].TimestampMicroseconds - beats[^2].TimestampMicroseconds);
        Assert.True(lastGap < TimeSpan.FromSeconds(1.5), $"last heartbeat gap {lastGap.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void SetGroupConsumerHeartbeatInterval_NotPositive_ThrowsArgumentOutOfRange(int milliseconds)
    {
        using var cluster = EmbeddedKafkaCluster.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetGroupConsumerHeartbeatInterval(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void SetBrokerDown_BrokerIdOutsideTheCluster_ThrowsArgumentOutOfRange(int brokerId)
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(brokerId));
    }

    [Fact]
    public void Dispose_Twice_IsSafeClosesThePortsAndLaterCallsThrowObjectDisposed()
    {
        var cluster = EmbeddedKafkaCluster.Start();
        var port = int.Parse(cluster.BootstrapServers.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic(Unique("late"), 1));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.ThrowsAny<SocketException>(() => socket.Connect("127.0.0.1", port));
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static IAdminClient Admin(EmbeddedKafkaCluster cluster) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

    private static IProducer<string, string> Producer(EmbeddedKafkaCluster cluster, bool idempotent = false, Action<ProducerConfig>? extra = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = idempotent,
            LingerMs = 0,
            MessageTimeoutMs = 30_000,
        };
        extra?.Invoke(config);
        return new ProducerBuilder<string, string>(config).Build();
    }

    private static IConsumer<string, string> Consumer(EmbeddedKafkaCluster cluster, string? groupId = null) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = groupId ?? Unique("reader"),
            GroupProtocol = GroupProtocol.Consumer,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();

    private static int LeaderOf(EmbeddedKafkaCluster cluster, string topic, int partition)
    {
        using var admin = Admin(cluster);
        return admin.GetMetadata(topic, Deadline).Topics.Single().Partitions.Single(p => p.PartitionId == partition).Leader;
    }

    /// <summary>Reads every partition from the beginning by assignment (no group), until <paramref name="expected"/> records or the deadline.</summary>
    private static List<ConsumeResult<string, string>> ReadAll(EmbeddedKafkaCluster cluster, string topic, int partitions, int expected)
    {
        using var consumer = Consumer(cluster);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = ConsumeUntil(consumer, expected);
        consumer.Close();
        return read;
    }

    private static List<ConsumeResult<string, string>> ConsumeUntil(IConsumer<string, string> consumer, int expected)
    {
        var read = new List<ConsumeResult<string, string>>();
        var watch = Stopwatch.StartNew();
        while (read.Count < expected && watch.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                read.Add(result);
            }
        }

        return read;
    }

    /// <summary>Records in the topic, by high watermarks: more than were read means duplicates.</summary>
    private static long StoredCount(EmbeddedKafkaCluster cluster, string topic, int partitions)
    {
        using var consumer = Consumer(cluster);
        return Enumerable.Range(0, partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Deadline).High.Value);
    }

    /// <summary>Serves delivery reports until <paramref name="done"/> holds or the deadline passes.</summary>
    private static void PollUntil(IProducer<string, string> producer, Func<bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (!done() && watch.Elapsed < Deadline)
        {
            producer.Poll(TimeSpan.FromMilliseconds(50));
        }
    }
}
