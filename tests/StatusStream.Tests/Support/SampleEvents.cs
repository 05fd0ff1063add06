using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace StatusStream.Tests.Support;

/// <summary>Builds input events as producer services would publish them.</summary>
public static class SampleEvents
{
    public static (Guid EventId, Guid[] Recipients, byte[] Json) Multicast(string callbackTopic, int recipients, string provider = "email")
    {
        var eventId = Guid.NewGuid();
        var ids = Enumerable.Range(0, recipients).Select(_ => Guid.NewGuid()).ToArray();
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            event_id = eventId,
            provider,
            recipients = ids.Select((id, i) => new { recipient = id, success = i % 3 != 2, error = i % 3 != 2 ? "" : "mailbox full" }),
            callback = new { type = "kafka", target = callbackTopic },
        });
        return (eventId, ids, json);
    }

    public static (Guid EventId, Guid[] Recipients, byte[] Json) MulticastWebhook(string url, int recipients)
    {
        var eventId = Guid.NewGuid();
        var ids = Enumerable.Range(0, recipients).Select(_ => Guid.NewGuid()).ToArray();
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            event_id = eventId,
            provider = "email",
            recipients = ids.Select(id => new { recipient = id, success = true, error = "" }),
            callback = new { type = "webhook", target = url },
        });
        return (eventId, ids, json);
    }

    public static byte[] Webhook(string url) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        event_id = Guid.NewGuid(),
        provider = "sms",
        recipients = new[] { new { recipient = Guid.NewGuid(), success = true, error = "" } },
        callback = new { type = "webhook", target = url },
    });

    /// <summary>One webhook status from the namespace <paramref name="ns"/>: endpoints without a name are kept apart per namespace.</summary>
    public static byte[] WebhookFrom(string ns, string url) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        event_id = Guid.NewGuid(),
        provider = "sms",
        source = new { @namespace = ns, service = "notifier" },
        recipients = new[] { new { recipient = Guid.NewGuid(), success = true, error = "" } },
        callback = new { type = "webhook", target = url },
    });

    public static void Produce(IProducer<byte[], byte[]> producer, string topic, byte[] value, string? key = null)
    {
        producer.Produce(topic, new Message<byte[], byte[]> { Key = key is null ? null! : Encoding.UTF8.GetBytes(key), Value = value });
    }

    public static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";
}
