using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;
using StatusStream.Records;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// The third side: a Streamiz (Kafka Streams for .NET) topology doing the same-shape fan-out as
/// <see cref="BaselineLoop"/>: per event, one record per recipient shaped like a status (the event's key, a status-sized
/// value, the three status headers), at-least-once, committed every second, one stream thread, the processor's
/// producer settings (linger 5 ms, idempotence). No parsing, as the baseline: what the framework costs on its own.
/// </summary>
/// <remarks>
/// One application (consumer group) for the whole run, its sources every round's input topic, merged; the output
/// topic is read per record from <see cref="Callback"/>, set between rounds while no input is waiting.
/// </remarks>
internal sealed class StreamizFanOut : IDisposable
{
    private readonly KafkaStream _stream;
    private volatile bool _running;
    private volatile string _callback;

    private StreamizFanOut(KafkaStream stream, string callback)
    {
        _stream = stream;
        _callback = callback;
        _stream.StateChanged += (_, now) => _running = now == KafkaStream.State.RUNNING;
    }

    public bool Assigned => _running;

    public string Callback
    {
        get => _callback;
        set => _callback = value;
    }

    public static async Task<StreamizFanOut> StartAsync(string bootstrap, IReadOnlyList<string> inputs, string callback, string applicationId,
        int recipients, IReadOnlyDictionary<string, string> clientProperties)
    {
        var config = new StreamConfig<ByteArraySerDes, ByteArraySerDes>
        {
            ApplicationId = applicationId,
            BootstrapServers = bootstrap,
            Guarantee = ProcessingGuarantee.AT_LEAST_ONCE,
            CommitIntervalMs = 1000,
            NumStreamThreads = 1,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            LingerMs = 5,
            EnableIdempotence = true,
            Acks = Acks.All,
            Logger = NullLoggerFactory.Instance,
        };
        foreach (var (key, value) in clientProperties)
        {
            // Streamiz sets its typed properties from these: a number or a flag has to arrive as one.
            config.AddConfig(key, int.TryParse(value, out var number) ? number : bool.TryParse(value, out var flag) ? flag : value);
        }

        StreamizFanOut? side = null;
        var builder = new StreamBuilder();
        var merged = inputs.Select(i => builder.Stream<byte[], byte[]>(i)).Aggregate((a, b) => a.Merge(b));
        merged
            .FlatMap((key, _, context) =>
            {
                context.SetHeaders(new Headers
                {
                    { StatusHeaders.Recipient, StatusShape.Recipient },
                    { StatusHeaders.StatusId, StatusShape.StatusId },
                    { StatusHeaders.ContentType, StatusShape.ContentType },
                });
                return Enumerable.Range(0, recipients).Select(_ => KeyValuePair.Create(key, StatusShape.Value));
            })
            .To((_, _, _) => side!.Callback);
        var stream = new KafkaStream(builder.Build(), config);
        side = new StreamizFanOut(stream, callback);
        await stream.StartAsync();
        return side;
    }

    public void Dispose() => _stream.Dispose();
}
