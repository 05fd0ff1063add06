using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Pipeline;
using StatusStream.Records;

namespace StatusStream.Benchmarks;

/// <summary>
/// The in-process path of one input record, per status: decode + validate (<see cref="FanOutAdmission"/>), expand,
/// encode each status and build its Kafka record (key, value, headers), for 1, 3 and 100 recipients. The baseline is a
/// plain <see cref="JsonDocument"/> parse of the same JSON and a <see cref="Utf8JsonWriter"/> serialize of each status,
/// with no validation and no record. Mean and Allocated are per record; the ns/status and B/status columns divide them by the recipients.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerStatusConfig))]
public class PerStatusBenchmarks
{
    private readonly FanOutAdmission _admission = new(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), StatusRecord.KeyAndFixedHeaderBytes);
    private readonly OffsetLedger _ledger = new();
    private const string Topic = "bench.events";
    private byte[] _event = [];
    private long _offset;

    [Params(1, 3, 100)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var json = new StringBuilder("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","provider":"email","recipients":[""");
        for (var i = 0; i < Recipients; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(i % 3 == 2
                ? $$"""{"recipient":"{{Guid.NewGuid():D}}","success":false,"error":"mailbox full"}"""
                : $$"""{"recipient":"{{Guid.NewGuid():D}}","success":true,"error":""}""");
        }

        json.Append("""],"callback":{"type":"kafka","target":"mobility.ride-booking-callback"}}""");
        _event = Encoding.UTF8.GetBytes(json.ToString());
    }

    [Benchmark(Baseline = true, Description = "JsonDocument parse + Utf8JsonWriter serialize (no validation, no record)")]
    public long JsonDocumentParseSerialize()
    {
        using var document = JsonDocument.Parse(_event);
        var root = document.RootElement;
        var eventId = root.GetProperty("event_id").GetGuid();
        var provider = root.GetProperty("provider").GetString();
        long bytes = 0;
        foreach (var recipient in root.GetProperty("recipients").EnumerateArray())
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("event_id", eventId);
                writer.WriteString("recipient", recipient.GetProperty("recipient").GetGuid());
                writer.WriteBoolean("success", recipient.GetProperty("success").GetBoolean());
                writer.WriteString("error", recipient.GetProperty("error").GetString());
                writer.WriteString("provider", provider);
                writer.WriteEndObject();
            }

            bytes += buffer.WrittenSpan.ToArray().Length;
        }

        return bytes;
    }

    [Benchmark(Description = "admit (decode + validate) + expand + encode, no record")]
    public long ProcessorPathWithoutRecord()
    {
        if (!_admission.TryAdmit(_event, 0, out var notification, out _))
        {
            return -1;
        }

        long bytes = 0;
        foreach (var status in StatusExpander.Expand(notification))
        {
            bytes += NotificationStatusJson.Write(status).Length;
        }

        return bytes;
    }

    [Benchmark(Description = "admit (decode + validate) + expand + encode + build records")]
    public long ProcessorPath()
    {
        if (!_admission.TryAdmit(_event, 0, out var notification, out _))
        {
            return -1;
        }

        // As RecordProcessor does it: the statuses on the stack (in a pooled array past 16), one origin and one ledger
        // entry per input record.
        var count = notification.Recipients.Count;
        var buffer = default(SmallStatusBuffer);
        var statuses = SmallStatusBuffer.Room(ref buffer, count, out var pooled);
        StatusExpander.Expand(notification, statuses);
        var offset = _offset++;
        var acknowledgement = _ledger.Track(Topic, partition: 0, offset, count);
        var origin = new InputOrigin(Topic, 0, offset, DateTimeOffset.UnixEpoch);
        long bytes = 0;
        foreach (var status in statuses)
        {
            // As the callback path builds it: no JSON of the status's own; the thread's reusable record writes it into
            // an array of its own, which the client copies on Produce.
            var outbound = new OutboundStatus(status, payload: null, notification.Callback, origin, null, acknowledgement);
            var reusable = ReusableStatusRecord.Rent();
            var record = reusable.Fill(outbound);
            bytes += record.Value.Length + record.Key.Length;
            reusable.Return();
            acknowledgement.Acknowledge();
        }

        SmallStatusBuffer.Release(pooled);
        return bytes;
    }
}
