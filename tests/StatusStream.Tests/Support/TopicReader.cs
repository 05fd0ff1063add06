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
        _consumer.Assign(partitions);
        _loop = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    public IReadOnlyList<ConsumeResult<byte[], byte[]>> Records => _records.ToArray();

    public IReadOnlyList<ConsumeResult<byte[], byte[]>> On(string topic) => Records.Where(r => r.Topic == topic).ToList();

    public Task WaitForAsync(string topic, int count, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => On(topic).Count >= count, deadline ?? TimeSpan.FromSeconds(30),
            () => $"{On(topic).Count} of {count} records on {topic}");

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
            }
        }
    }
}
