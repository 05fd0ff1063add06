using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Benchmarks;

/// <summary>
/// The per-record CPU work between consume and produce: decode + validate one 3-recipient event, expand it into
/// statuses, serialize them. The baseline reads the same fields through JsonDocument with no validation at all,
/// which is what a straightforward implementation would do before adding the schema's checks.
/// </summary>
[MemoryDiagnoser]
public class DecodeExpandBenchmarks
{
    private static readonly byte[] ThreeRecipientEvent = Encoding.UTF8.GetBytes("""
        {
          "event_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
          "provider": "email",
          "recipients": [
            {"recipient": "2089ad58-857e-4b31-a647-b78432c129d2", "success": true, "error": ""},
            {"recipient": "f47ac10b-58cc-4372-a567-0e02b2c3d479", "success": false, "error": "mailbox full"},
            {"recipient": "9b2f4c1e-3d5a-4e6b-8f7a-1c2d3e4f5a6b", "success": false, "error": ""}
          ],
          "callback": {"type": "kafka", "target": "mobility.ride-booking-callback"},
          "source": {"namespace": "mobility", "service": "ride-booking"},
          "occurred_at": "2024-05-01T12:00:00.123Z"
        }
        """);

    // Cut in the middle: the exception path Utf8JsonReader takes for input that is not JSON.
    private static readonly byte[] TruncatedEvent = ThreeRecipientEvent[..(ThreeRecipientEvent.Length / 2)];

    private readonly FanOutAdmission _admission = new(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), Outbound.StatusRecord.KeyAndFixedHeaderBytes);

    private NotificationEvent _decoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!NotificationEventReader.TryRead(ThreeRecipientEvent, out var notification, out var invalid))
        {
            throw new InvalidOperationException($"benchmark input is invalid: {invalid.Detail}");
        }

        _decoded = notification;
    }

    [Benchmark(Baseline = true, Description = "JsonDocument read, no validation")]
    public object JsonDocumentRead()
    {
        using var document = JsonDocument.Parse(ThreeRecipientEvent);
        var root = document.RootElement;
        var recipients = new List<RecipientOutcome>(4);
        foreach (var recipient in root.GetProperty("recipients").EnumerateArray())
        {
            recipients.Add(new RecipientOutcome(
                recipient.GetProperty("recipient").GetGuid(),
                recipient.GetProperty("success").GetBoolean(),
                recipient.GetProperty("error").GetString()!));
        }

        var callback = root.GetProperty("callback");
        var source = root.GetProperty("source");
        return new NotificationEvent(
            root.GetProperty("event_id").GetGuid(),
            root.GetProperty("provider").GetString()!,
            recipients,
            new StatusCallback(callback.GetProperty("type").GetString() == "kafka" ? CallbackType.Kafka : CallbackType.Webhook, callback.GetProperty("target").GetString()!),
            new EventSource(source.GetProperty("namespace").GetString()!, source.GetProperty("service").GetString()!),
            root.GetProperty("occurred_at").GetDateTimeOffset());
    }

    [Benchmark(Description = "NotificationEventReader.TryRead (validating)")]
    public object? TryRead()
    {
        NotificationEventReader.TryRead(ThreeRecipientEvent, out var notification, out _);
        return notification;
    }

    [Benchmark(Description = "FanOutAdmission.TryAdmit (read + limits + output size)")]
    public object? TryAdmit()
    {
        _admission.TryAdmit(ThreeRecipientEvent, 0, out var notification, out _);
        return notification;
    }

    [Benchmark(Description = "TryRead, truncated input (not-json)")]
    public object? TryReadTruncated()
    {
        NotificationEventReader.TryRead(TruncatedEvent, out _, out var invalid);
        return invalid;
    }

    [Benchmark(Description = "Expand + Serialize 3 statuses")]
    public int ExpandAndSerialize()
    {
        var bytes = 0;
        foreach (var status in StatusExpander.Expand(_decoded))
        {
            bytes += NotificationStatusJson.Serialize(status).Length;
        }

        return bytes;
    }

    [Benchmark(Description = "TryRead + Expand + Serialize")]
    public int DecodeExpandSerialize()
    {
        if (!NotificationEventReader.TryRead(ThreeRecipientEvent, out var notification, out _))
        {
            return -1;
        }

        var bytes = 0;
        foreach (var status in StatusExpander.Expand(notification))
        {
            bytes += NotificationStatusJson.Serialize(status).Length;
        }

        return bytes;
    }
}
