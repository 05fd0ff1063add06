using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace StatusStream.Records;

/// <summary>
/// The statusstream.status.details header: a status's optional fields (<see cref="StatusDetails"/>)
/// carried on retry records and dead letters, so a webhook format renders the same body on every
/// attempt and after a replay. Never on callback records: those stay City OS's five NotificationStatus fields. It may
/// hold a recipient's address (personal data) and lives only on StatusStream's own topics.
/// </summary>
internal static class StatusDetailsHeader
{
    public const string Name = "statusstream.status.details";

    public static void Write(Headers headers, StatusDetails details)
    {
        if (details == StatusDetails.None)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteIfSet(json, "reference", details.Reference);
            WriteIfSet(json, "notification_type", details.NotificationType);
            WriteIfSet(json, "created_at", details.CreatedAt);
            WriteIfSet(json, "occurred_at", details.OccurredAt);
            WriteIfSet(json, "address", details.Address);
            WriteIfSet(json, "status", details.DeliveryState);
            WriteIfSet(json, "sent_at", details.SentAt);
            if (details.Source is { } source)
            {
                json.WriteStartObject("source");
                json.WriteString("namespace", source.Namespace);
                json.WriteString("service", source.Service);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        headers.Add(Name, buffer.ToArray());
    }

    /// <summary>The details in the header; <see cref="StatusDetails.None"/> when absent or damaged (informative, never a reason to fail).</summary>
    public static StatusDetails Read(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(Name, out var bytes))
        {
            return StatusDetails.None;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            EventSource? source = root.TryGetProperty("source", out var s)
                ? new EventSource(s.GetProperty("namespace").GetString()!, s.GetProperty("service").GetString()!)
                : null;
            return new StatusDetails(
                Text(root, "reference"), Text(root, "notification_type"), Time(root, "created_at"), Time(root, "occurred_at"),
                Text(root, "address"), Text(root, "status"), Time(root, "sent_at"), source);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return StatusDetails.None;
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, time.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        Text(root, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>For tests and tools: the header's text.</summary>
    public static string? TextOf(Headers headers) =>
        headers.TryGetLastBytes(Name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
