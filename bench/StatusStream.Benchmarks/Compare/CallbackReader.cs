using Confluent.Kafka;

namespace StatusStream.Benchmarks.Compare;

/// <summary>Reads the callback topic from the beginning (assigned, no group) and logs each status's arrival by its key.</summary>
internal static class CallbackReader
{
    public static void Run(string bootstrap, string topic, int partitions, ArrivalLog log, CancellationToken stop)
    {
        using var consumer = new ConsumerBuilder<byte[], Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "bench-reader", EnableAutoCommit = false, FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        while (!log.Done && !stop.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message.Key: { Length: >= 8 } key })
            {
                log.Arrived8Hex(key);
            }
        }

        consumer.Close();
    }
}
