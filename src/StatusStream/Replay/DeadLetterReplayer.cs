using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Records;

namespace StatusStream.Replay;

/// <summary>
/// Sends dead letters back through delivery, each at most once across replays: a dead letter is
/// re-sent, and only once the broker acknowledged that is a replay marker written for it; dead
/// letters with a marker are skipped. A replay that dies between the two leaves at most one extra
/// copy of those dead letters for the next replay (receivers deduplicate on status-id).
/// </summary>
internal sealed class DeadLetterReplayer(KafkaOptions kafka, KafkaClientFactory clients, TimeProvider time)
{
    private static readonly TimeSpan FlushDeadline = TimeSpan.FromSeconds(60);

    /// <param name="records">Each dead letter with the record that sends it back (<see cref="ReplayVerifier"/>).</param>
    public IReadOnlyList<ReplayOutcome> Replay(IReadOnlyList<(DeadLetter DeadLetter, (string Topic, Message<byte[], byte[]> Message) Record)> records)
    {
        var now = time.GetUtcNow();
        var config = KafkaClientConfigs.Producer(kafka, maxInFlightStatuses: 1000);
        using var producer = clients.Producer(config, clients.For("producer"));

        var resent = Send(producer, records.ToList());
        var acknowledged = resent.Where(o => o.Error is null).ToList();
        var marked = Send(producer, acknowledged.Select(o => (o.DeadLetter, (kafka.DeadLetterTopic, ReplayRecord.Marker(o.DeadLetter.Position, now, o.Landed)))).ToList());
        var markerErrors = marked.Where(o => o.Error is not null).ToDictionary(o => o.DeadLetter.Position, o => o.Error);
        return resent.Select(o => o.Error is null && markerErrors.TryGetValue(o.DeadLetter.Position, out var markerError)
            ? o with { Error = $"re-sent, but its replay marker failed ({markerError}): a later replay would send it again" }
            : o).ToList();
    }

    private static List<ReplayOutcome> Send(IProducer<byte[], byte[]> producer, List<(DeadLetter DeadLetter, (string Topic, Message<byte[], byte[]> Message) Record)> records)
    {
        var errors = new string?[records.Count];
        var landed = new TopicPartitionOffset?[records.Count];
        var reported = new bool[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var index = i;
            var (topic, message) = records[i].Record;
            producer.Produce(topic, message, report =>
            {
                errors[index] = report.Error.IsError ? $"{report.Error.Code}: {report.Error.Reason}" : null;
                landed[index] = report.Error.IsError ? null : report.TopicPartitionOffset;
                Volatile.Write(ref reported[index], true);
            });
        }

        var remaining = producer.Flush(FlushDeadline);
        return records.Select((r, i) => new ReplayOutcome(r.DeadLetter, r.Record.Topic,
            Volatile.Read(ref reported[i]) ? errors[i] : $"not acknowledged within {FlushDeadline.TotalSeconds:0} s ({remaining} outstanding)")
        {
            Landed = Volatile.Read(ref reported[i]) ? landed[i] : null,
        }).ToList();
    }
}
