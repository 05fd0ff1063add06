using System.Globalization;
using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Kafka;

namespace StatusStream.Replay;

/// <summary>
/// The input records dead letters came from (statusstream.original.*), read back by assignment (no group, no commits).
/// A dead letter's headers are whatever whoever wrote the dead-letter topic put there: the record on the input topic is
/// what StatusStream read, and a replay sends only what it can derive from that.
/// </summary>
internal sealed class OriginalRecords
{
    // Reading on from one wanted record to the next is cheaper than a new fetch, up to about this many records apart.
    private const long ReadOnWithin = 1_000;

    private readonly Dictionary<string, Message<byte[], byte[]>> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    /// <summary>The original record of <paramref name="deadLetter"/>, or null with why it is not known.</summary>
    public Message<byte[], byte[]>? Of(DeadLetter deadLetter, out string problem)
    {
        problem = _problems.GetValueOrDefault(deadLetter.Position) ?? "its original record was not read";
        return _records.GetValueOrDefault(deadLetter.Position);
    }

    /// <summary>Reads the original record of each of <paramref name="deadLetters"/> whose original topic <paramref name="readable"/> allows.</summary>
    public static OriginalRecords Read(KafkaOptions kafka, KafkaClientFactory clients, IEnumerable<DeadLetter> deadLetters, Func<string, bool> readable, TimeSpan deadline, TimeProvider time)
    {
        var originals = new OriginalRecords();
        var wanted = new Dictionary<TopicPartition, SortedDictionary<long, List<DeadLetter>>>();
        foreach (var deadLetter in deadLetters)
        {
            if (deadLetter.OriginalTopic is not { Length: > 0 } topic
                || !int.TryParse(deadLetter.OriginalPartition, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(deadLetter.OriginalOffset, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                originals._problems[deadLetter.Position] = "it names no original record (statusstream.original.topic, .partition, .offset)";
                continue;
            }

            if (!readable(topic))
            {
                continue;
            }

            var key = new TopicPartition(topic, partition);
            var offsets = wanted.TryGetValue(key, out var known) ? known : wanted[key] = [];
            (offsets.TryGetValue(offset, out var list) ? list : offsets[offset] = []).Add(deadLetter);
        }

        if (wanted.Count > 0)
        {
            var config = KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".dlq-tool");
            using var consumer = clients.Consumer(config, clients.For("consumer")).Build();
            var started = time.GetTimestamp();
            foreach (var (partition, offsets) in wanted)
            {
                originals.ReadPartition(consumer, partition, offsets, deadline - time.GetElapsedTime(started), time);
            }

            consumer.Close();
        }

        return originals;
    }

    private void ReadPartition(IConsumer<byte[], byte[]> consumer, TopicPartition partition, SortedDictionary<long, List<DeadLetter>> offsets,
        TimeSpan deadline, TimeProvider time)
    {
        var remaining = new Queue<long>(offsets.Keys);
        var where = $"{partition.Topic}[{partition.Partition.Value}]";
        void Resolve(long offset, Message<byte[], byte[]>? record, string problem)
        {
            foreach (var deadLetter in offsets[offset])
            {
                if (record is not null)
                {
                    _records[deadLetter.Position] = record;
                }
                else
                {
                    _problems[deadLetter.Position] = problem;
                }
            }
        }

        void Gone(long offset) => Resolve(offset, null,
            $"its original record is no longer on {where} at offset {offset} (retention or compaction removed it, or it never was)");

        void GoneUpTo(long end)
        {
            while (remaining.Count > 0 && remaining.Peek() < end)
            {
                Gone(remaining.Dequeue());
            }
        }

        // The partitions before this one may have taken all the time: the rest is reported as not read.
        var started = time.GetTimestamp();
        try
        {
            if (deadline > TimeSpan.Zero)
            {
                var marks = consumer.QueryWatermarkOffsets(partition, deadline);
                // Before the first record kept, or past the end (a topic deleted and made again): not there to read.
                GoneUpTo(marks.Low.Value);
                foreach (var offset in remaining.Where(o => o >= marks.High.Value).ToList())
                {
                    Gone(offset);
                }

                remaining = new Queue<long>(remaining.Where(o => o < marks.High.Value));
                if (remaining.Count > 0)
                {
                    consumer.Assign(new TopicPartitionOffset(partition, remaining.Peek()));
                }

                while (remaining.Count > 0 && time.GetElapsedTime(started) < deadline)
                {
                    var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                    if (record?.Message is null || record.TopicPartition != partition)
                    {
                        // Nothing more to read: what is still wanted lay behind the last record, or under a transaction marker.
                        if (record is null && consumer.Position(partition).Value >= marks.High.Value)
                        {
                            GoneUpTo(long.MaxValue);
                        }

                        continue;
                    }

                    // An offset below the record read was skipped over: that record was compacted away.
                    GoneUpTo(record.Offset.Value);
                    if (remaining.Count > 0 && remaining.Peek() == record.Offset.Value)
                    {
                        Resolve(remaining.Dequeue(), record.Message, "");
                    }

                    if (remaining.Count > 0 && remaining.Peek() - record.Offset.Value > ReadOnWithin)
                    {
                        consumer.Assign(new TopicPartitionOffset(partition, remaining.Peek()));
                    }
                }
            }
        }
        catch (KafkaException e)
        {
            foreach (var offset in remaining)
            {
                Resolve(offset, null, $"its original record on {where} could not be read ({e.Error.Reason})");
            }

            return;
        }

        foreach (var offset in remaining)
        {
            Resolve(offset, null, $"its original record on {where} was not read within the time the command allows");
        }
    }
}
