using System.Text;
using Confluent.Kafka;
using StatusStream.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// The same-shape baseline: plain Confluent.Kafka, the processor's own producer and consumer settings
/// (<see cref="KafkaClientConfigs"/>), one consume per event and one produce per recipient of a record shaped like a
/// status (the event's 36-byte key, a status-sized value, the three status headers), offsets committed every second.
/// No parsing, no validation, no bookkeeping: what the processor would cost if its own work were free.
/// </summary>
internal sealed class BaselineLoop : IDisposable
{
    // The processor's own JSON of a failed status: the larger of the two shapes the feed makes.
    private static readonly byte[] StatusValue = Encoding.UTF8.GetBytes(
        """{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":false,"error":"mailbox full","provider":"email"}""");

    private static readonly byte[] RecipientValue = Encoding.UTF8.GetBytes("2089ad58-857e-4b31-a647-b78432c129d2");
    private static readonly byte[] StatusIdValue = Encoding.UTF8.GetBytes("7c9e6679-7425-40de-944b-e07fc1f90ae7:2089ad58-857e-4b31-a647-b78432c129d2");
    private static readonly byte[] ContentTypeValue = Encoding.UTF8.GetBytes(StatusHeaders.JsonContentType);

    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _assigned;
    private long _failed;

    public BaselineLoop(string bootstrap, string input, string callback, string groupId, int recipients)
    {
        var kafka = new KafkaOptions { BootstrapServers = bootstrap };
        _thread = new Thread(() => Run(kafka, input, callback, groupId, recipients)) { Name = "baseline-loop", IsBackground = true };
        _thread.Start();
    }

    public bool Assigned => _assigned;

    public long Failed => Interlocked.Read(ref _failed);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }

    private void Run(KafkaOptions kafka, string input, string callback, string groupId, int recipients)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(kafka, groupId))
            .SetPartitionsAssignedHandler((_, _) => _assigned = true)
            .Build();
        using var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(kafka, 20_000)).Build();
        Action<DeliveryReport<byte[], byte[]>> delivered = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
            }
        };
        var next = new Dictionary<TopicPartition, TopicPartitionOffset>();
        var lastCommit = Environment.TickCount64;
        consumer.Subscribe(input);
        while (!_stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message is not null)
            {
                for (var i = 0; i < recipients; i++)
                {
                    producer.Produce(callback, new Message<byte[], byte[]>
                    {
                        Key = record.Message.Key,
                        Value = StatusValue,
                        Headers = new Headers
                        {
                            { StatusHeaders.Recipient, RecipientValue },
                            { StatusHeaders.StatusId, StatusIdValue },
                            { StatusHeaders.ContentType, ContentTypeValue },
                        },
                    }, delivered);
                }

                next[record.TopicPartition] = new TopicPartitionOffset(record.TopicPartition, record.Offset + 1);
            }

            if (Environment.TickCount64 - lastCommit >= 1000 && next.Count > 0)
            {
                try
                {
                    consumer.Commit(next.Values);
                }
                catch (KafkaException)
                {
                    // as the processor does: the next commit carries the offsets
                }

                next.Clear();
                lastCommit = Environment.TickCount64;
            }
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        consumer.Close();
    }
}
