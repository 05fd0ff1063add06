using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Produces numbered events to the input topic, never more than <c>maxAhead</c> events ahead of the statuses that have
/// arrived (the embedded broker keeps only ~5 MB a partition, so a backlog would be silently dropped). The record key
/// is the event_id, so the same-shape baseline can copy it as its status key.
/// </summary>
/// <remarks>
/// At a fixed rate (<c>ratePerSecond</c> above 0) event <c>n</c> is sent when its time comes, <c>n / rate</c> after
/// the start, each at once (linger.ms 0), so latency counts from the moment the input record is made (its
/// timestamp) and the feeder's own batching is not in it. A feeder that falls behind sends what is due at once
/// (latency still counts from the send), so a side that stalls is not hidden by a feed that waited for it.
/// </remarks>
internal static class EventFeed
{
    private const int Templates = 64;
    private const string Placeholder = "00000000-0000-4000-8000-000000000000";

    public static void Run(string bootstrap, string topic, CallbackShape callback, int recipients, int events, int maxAhead,
        ArrivalLog log, CancellationToken stop, double ratePerSecond = 0)
    {
        var templates = Enumerable.Range(0, Templates).Select(_ => Encoding.UTF8.GetBytes(EventJson(callback, recipients))).ToArray();
        var idOffset = Encoding.UTF8.GetString(templates[0]).IndexOf(Placeholder, StringComparison.Ordinal);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap, LingerMs = ratePerSecond > 0 ? 0 : 5, EnableIdempotence = true, QueueBufferingMaxMessages = 1_000_000,
        }).Build();
        var start = Stopwatch.GetTimestamp();
        for (var sent = 0; sent < events && !stop.IsCancellationRequested; sent++)
        {
            while (sent - (log.Arrived / recipients) > maxAhead && !stop.IsCancellationRequested)
            {
                producer.Poll(TimeSpan.FromMilliseconds(1));
            }

            if (ratePerSecond > 0)
            {
                WaitFor(start + (long)(sent * Stopwatch.Frequency / ratePerSecond), producer, stop);
            }

            var value = (byte[])templates[sent % Templates].Clone();
            var id = Encoding.UTF8.GetBytes(ArrivalLog.EventId(sent));
            id.CopyTo(value, idOffset);
            log.Sent(sent);
            producer.Produce(topic, new Message<byte[], byte[]> { Key = id, Value = value });
        }

        producer.Flush(stop);
    }

    /// <summary>
    /// Until <paramref name="due"/>, in sleeps of about 1 ms that serve delivery reports: no spinning, which would take
    /// a core from the side under test on a small machine; what fell due during a sleep is sent right after it.
    /// </summary>
    private static void WaitFor(long due, IProducer<byte[], byte[]> producer, CancellationToken stop)
    {
        while (due > Stopwatch.GetTimestamp() && !stop.IsCancellationRequested)
        {
            producer.Poll(TimeSpan.FromMilliseconds(1));
        }
    }

    private static string EventJson(CallbackShape callback, int recipients) => System.Text.Json.JsonSerializer.Serialize(new
    {
        event_id = Placeholder,
        provider = "email",
        recipients = Enumerable.Range(0, recipients).Select(i => new
        {
            recipient = Guid.NewGuid(),
            success = i % 3 != 2,
            error = i % 3 != 2 ? "" : "mailbox full",
        }),
        callback = new { type = callback.Type, target = callback.Target },
    });

    /// <summary>Where the events' statuses go: <c>kafka</c> + topic, or <c>webhook</c> + URL.</summary>
    internal sealed record CallbackShape(string Type, string Target);
}
