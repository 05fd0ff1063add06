using System.Text;
using Confluent.Kafka;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Produces numbered events to the input topic, never more than <c>maxAhead</c> events ahead of the statuses that have
/// arrived (the embedded broker keeps only ~5 MB a partition, so a backlog would be silently dropped). The record key
/// is the event_id, so the same-shape baseline can copy it as its status key.
/// </summary>
internal static class EventFeed
{
    private const int Templates = 64;
    private const string Placeholder = "00000000-0000-4000-8000-000000000000";

    public static void Run(string bootstrap, string topic, CallbackShape callback, int recipients, int events, int maxAhead,
        ArrivalLog log, CancellationToken stop)
    {
        var templates = Enumerable.Range(0, Templates).Select(_ => Encoding.UTF8.GetBytes(EventJson(callback, recipients))).ToArray();
        var idOffset = Encoding.UTF8.GetString(templates[0]).IndexOf(Placeholder, StringComparison.Ordinal);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap, LingerMs = 5, EnableIdempotence = true, QueueBufferingMaxMessages = 1_000_000,
        }).Build();
        for (var sent = 0; sent < events && !stop.IsCancellationRequested; sent++)
        {
            while (sent - (log.Arrived / recipients) > maxAhead && !stop.IsCancellationRequested)
            {
                producer.Poll(TimeSpan.FromMilliseconds(1));
            }

            var value = (byte[])templates[sent % Templates].Clone();
            var id = Encoding.UTF8.GetBytes(ArrivalLog.EventId(sent));
            id.CopyTo(value, idOffset);
            log.Sent(sent);
            producer.Produce(topic, new Message<byte[], byte[]> { Key = id, Value = value });
        }

        producer.Flush(stop);
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
