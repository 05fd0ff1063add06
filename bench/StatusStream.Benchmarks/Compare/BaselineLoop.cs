using System.Text;
using Confluent.Kafka;
using StatusStream.Kafka;
using StatusStream.Records;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// The same-shape baseline: plain Confluent.Kafka, the processor's own producer and consumer settings
/// (<see cref="KafkaClientConfigs"/>), one consume per event and one produce per recipient of a record shaped like a
/// status (the event's 36-byte key, a status-sized value, the three status headers), offsets committed every second.
/// No parsing, no validation, no bookkeeping: what the processor would cost if its own work were free.
/// </summary>
/// <remarks>
/// Like the processor, one consumer for the whole run, subscribed from the start to every round's input topic; each
/// round points it at that round's callback topic (<see cref="Callback"/>) before its input is fed.
/// </remarks>
internal sealed class BaselineLoop : IDisposable
{
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _assigned;
    private volatile string _callback;
    private long _failed;

    /// <param name="clientProperties">The processor's <c>Kafka:ClientProperties</c> (from <c>--set</c>), so both sides' clients stay alike.</param>
    public BaselineLoop(string bootstrap, IReadOnlyList<string> inputs, string callback, string groupId, int recipients,
        IReadOnlyDictionary<string, string> clientProperties)
    {
        var kafka = new KafkaOptions { BootstrapServers = bootstrap, ClientProperties = new Dictionary<string, string>(clientProperties) };
        _callback = callback;
        _thread = new Thread(() => Run(kafka, inputs, groupId, recipients)) { Name = "baseline-loop", IsBackground = true };
        _thread.Start();
    }

    public bool Assigned => _assigned;

    /// <summary>Where the loop produces from now on: set between rounds, while no input is waiting.</summary>
    public string Callback
    {
        get => _callback;
        set => _callback = value;
    }

    public long Failed => Interlocked.Read(ref _failed);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }

    private void Run(KafkaOptions kafka, IReadOnlyList<string> inputs, string groupId, int recipients)
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
        consumer.Subscribe(inputs);
        while (!_stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message is not null)
            {
                var callback = _callback;
                for (var i = 0; i < recipients; i++)
                {
                    producer.Produce(callback, new Message<byte[], byte[]>
                    {
                        Key = record.Message.Key,
                        Value = StatusShape.Value,
                        Headers = new Headers
                        {
                            { StatusHeaders.Recipient, StatusShape.Recipient },
                            { StatusHeaders.StatusId, StatusShape.StatusId },
                            { StatusHeaders.ContentType, StatusShape.ContentType },
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
