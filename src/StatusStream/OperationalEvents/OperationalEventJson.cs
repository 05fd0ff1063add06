using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace StatusStream.OperationalEvents;

/// <summary>
/// The JSON of an operational event (schemas/operational-event.schema.json). Cold path: a few records a day. The reader
/// is for what this instance reads back from the operations topic, which anyone allowed to write there can write: it
/// refuses anything larger than <see cref="MaxBytes"/>, of another shape, or of an unknown type.
/// </summary>
internal static class OperationalEventJson
{
    public const int MaxBytes = 4096;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static byte[] Write(OperationalEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("type", e.Type);
            json.WriteString("occurred_at", Time(e.OccurredAt));
            json.WriteString("group", e.Group);
            WriteOptional(json, "endpoint", e.Endpoint);
            WriteOptional(json, "namespace", e.Namespace);
            if (e.Subscription is { } id)
            {
                json.WriteString("subscription_id", id);
            }

            json.WriteString("reason", e.Reason);
            if (e.FailingSince is { } since)
            {
                json.WriteString("failing_since", Time(since));
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryRead(ReadOnlySpan<byte> value, out OperationalEvent? e)
    {
        e = null;
        if (value.Length is 0 or > MaxBytes)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 2 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var id) || !id.TryGetGuid(out var eventId)
                || !root.TryGetProperty("type", out var type) || type.GetString() is not { } typeName || !OperationalEventTypes.All.Contains(typeName)
                || !TryTime(root, "occurred_at", out var occurredAt) || occurredAt is null
                || Text(root, "group") is not { } group
                || Text(root, "reason") is not { } reason)
            {
                return false;
            }

            Guid? subscription = root.TryGetProperty("subscription_id", out var sub) && sub.TryGetGuid(out var subId) ? subId : null;
            if (!TryTime(root, "failing_since", out var failingSince))
            {
                return false;
            }

            e = new OperationalEvent(eventId, typeName, occurredAt.Value, group, Text(root, "endpoint"), Text(root, "namespace"), subscription, reason, failingSince);
            return e.Endpoint is not null || e.Subscription is not null;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a property of another kind than the schema says
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>False only when the property is there and not a date-time; absent is null.</summary>
    private static bool TryTime(JsonElement root, string name, out DateTimeOffset? time)
    {
        time = null;
        if (!root.TryGetProperty(name, out var value))
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParseExact(value.GetString(), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
