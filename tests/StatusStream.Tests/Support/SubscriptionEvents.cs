using System.Text.Json;

namespace StatusStream.Tests.Support;

/// <summary>Input events with a source, as the subscription tests need them.</summary>
public static class SubscriptionEvents
{
    /// <summary>An event from <paramref name="ns"/>/<paramref name="service"/>, one recipient per entry of <paramref name="successes"/>.</summary>
    public static (Guid EventId, byte[] Json) From(string? ns, string service, string callbackTopic, string provider = "email",
        bool[]? successes = null, Guid? eventId = null)
    {
        var id = eventId ?? Guid.NewGuid();
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            event_id = id,
            provider,
            recipients = (successes ?? [true]).Select(success => new { recipient = Guid.NewGuid(), success, error = success ? "" : "mailbox full" }),
            callback = new { type = "kafka", target = callbackTopic },
            source = ns is null ? null : new { @namespace = ns, service },
        });
        return (id, json);
    }

    /// <summary>A fresh callback topic of <paramref name="ns"/>, created.</summary>
    public static string CallbackTopic(TestKafka kafka, string ns)
    {
        var topic = $"{ns}.{TestKafka.Unique("svc")}-callback";
        kafka.CreateTopic(topic, 2);
        return topic;
    }
}
