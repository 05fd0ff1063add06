using System.Collections.Concurrent;
using Confluent.Kafka;

namespace StatusStream.Tests.Support;

/// <summary>Reads every partition of some topics from the beginning, in the background, into a list tests can poll.</summary>
public sealed class TopicReader : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ConsumeResult<byte[], byte[]>> _records = new();
    private readonly ConcurrentDictionary<TopicPartition, long> _next = new();
    private readonly List<TopicPartition> _partitions;

    public TopicReader(TestKafka kafka, params string[] topics)
    {
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = TestKafka.Unique("reader-"),
            EnableAutoCommit = false,
            TopicMetadataRefreshIntervalMs = 1000,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var partitions = topics.SelectMany(topic =>
            admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
                .Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning))).ToList();
        Assert.All(topics, t => Assert.Contains(partitions, p => p.Topic == t));
        _partitions = partitions.Select(p => p.TopicPartition).ToList();
        _consumer.Assign(partitions);
        _loop = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    public IReadOnlyList<ConsumeResult<byte[], byte[]>> Records => _records.ToArray();

    public IReadOnlyList<ConsumeResult<byte[], byte[]>> On(string topic) => Records.Where(r => r.Topic == topic).ToList();

    public Task WaitForAsync(string topic, int count, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => On(topic).Count >= count, deadline ?? TimeSpan.FromSeconds(30),
            () => $"{On(topic).Count} of {count} records on {topic}");

    /// <summary>
    /// Waits until each group has committed every record now on its topic (every output of them is then
    /// acknowledged) and this reader has read every record now on its own topics: after it, a record
    /// this reader has not seen was never produced. What absence checks wait for (<see cref="SettledWatermark"/>).
    /// </summary>
    public async Task SettledAsync(TestKafka kafka, TimeSpan deadline, params (string GroupId, string Topic)[] consumed)
    {
        foreach (var (groupId, topic) in consumed)
        {
            await SettledWatermark.CommittedAsync(kafka, groupId, topic, deadline);
        }

        await CaughtUpAsync(deadline);
    }

    /// <summary>Waits until this reader has read every record now on its topics.</summary>
    public Task CaughtUpAsync(TimeSpan deadline)
    {
        var ends = _partitions.ToDictionary(p => p, p => _consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        return Poll.UntilAsync(
            () => ends.All(e => e.Value == 0 || _next.GetValueOrDefault(e.Key) >= e.Value),
            deadline,
            () => "reader behind: " + string.Join(", ", ends.Where(e => _next.GetValueOrDefault(e.Key) < e.Value)
                .Select(e => $"{e.Key} read to {_next.GetValueOrDefault(e.Key)} of {e.Value}")));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Read()
    {
        while (!_stop.IsCancellationRequested)
        {
            var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message is not null)
            {
                _records.Enqueue(record);
                _next[record.TopicPartition] = record.Offset.Value + 1;
            }
        }
    }
}
