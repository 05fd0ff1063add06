using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Serialization;

namespace StatusStream.Replay;

/// <summary>
/// The whole webhook URLs of dead letters that show only its scheme, host and port, read back from the records they
/// came from. A dead letter never keeps a webhook URL's path or query, which may hold a credential, so the event (or
/// received message) that named the URL is the one place it still is: while it is on its topic, the dead letter can
/// be replayed. A subscription's status needs none of this: its delivery takes the subscription's URL by id.
/// </summary>
internal sealed class OriginalWebhookTargets
{
    // Reading on from one wanted record to the next is cheaper than a new fetch, up to about this many records apart.
    private const long ReadOnWithin = 1_000;

    private readonly Dictionary<string, string> _urls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    /// <summary>A webhook dead letter whose URL was cut and that belongs to no subscription: its URL must be read back.</summary>
    public static bool Needed(DeadLetter deadLetter) =>
        deadLetter.Stage == DeadLetterHeaders.StageDelivery && deadLetter.TargetType == "webhook" && deadLetter.TargetRedacted
        && HeaderText.GetOrNull(deadLetter.Message.Headers, StatusHeaders.SubscriptionId) is null;

    /// <summary>The URL <paramref name="deadLetter"/> was sent to, or null with why it is not known.</summary>
    public string? UrlOf(DeadLetter deadLetter, out string problem)
    {
        problem = _problems.GetValueOrDefault(deadLetter.Position) ?? "its original record was not read";
        return _urls.GetValueOrDefault(deadLetter.Position);
    }

    /// <summary>Reads the original record of each dead letter that <see cref="Needed"/> one, by assignment (no group, no commits).</summary>
    public static OriginalWebhookTargets Read(KafkaOptions kafka, IEnumerable<DeadLetter> deadLetters, TimeSpan deadline)
    {
        var targets = new OriginalWebhookTargets();
        var wanted = new Dictionary<TopicPartition, SortedDictionary<long, List<DeadLetter>>>();
        foreach (var deadLetter in deadLetters.Where(Needed))
        {
            if (deadLetter.OriginalTopic is not { Length: > 0 } topic
                || !int.TryParse(deadLetter.OriginalPartition, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(deadLetter.OriginalOffset, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                targets._problems[deadLetter.Position] = "its webhook URL's path and query are kept only in its original record, and it names none";
                continue;
            }

            var key = new TopicPartition(topic, partition);
            var offsets = wanted.TryGetValue(key, out var known) ? known : wanted[key] = [];
            (offsets.TryGetValue(offset, out var list) ? list : offsets[offset] = []).Add(deadLetter);
        }

        if (wanted.Count > 0)
        {
            var config = KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".dlq-tool");
            using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
            var started = TimeProvider.System.GetTimestamp();
            foreach (var (partition, offsets) in wanted)
            {
                targets.ReadPartition(consumer, partition, offsets, deadline - TimeProvider.System.GetElapsedTime(started));
            }

            consumer.Close();
        }

        return targets;
    }

    /// <summary>
    /// The URL of the webhook callback <paramref name="value"/> names (an event or a received message, plain JSON or in
    /// the Schema Registry wire format), when its scheme, host and port are <paramref name="shown"/>; else null.
    /// </summary>
    internal static string? WebhookUrlIn(byte[]? value, string shown)
    {
        if (value is null)
        {
            return null;
        }

        ConfluentWireFormat.TryRead(value, out _, out var json);
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCallback = reader.ValueTextEquals("callback"u8);
                reader.Read();
                if (isCallback)
                {
                    return CallbackReader.Read(ref reader, out var callback) is null && callback!.Type == CallbackType.Webhook
                        && string.Equals(callback.DisplayTarget, shown, StringComparison.Ordinal)
                        ? callback.Target
                        : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: it names no URL.
        }

        return null;
    }

    private void ReadPartition(IConsumer<byte[], byte[]> consumer, TopicPartition partition, SortedDictionary<long, List<DeadLetter>> offsets, TimeSpan deadline)
    {
        var remaining = new Queue<long>();
        var where = $"{partition.Topic}[{partition.Partition.Value}]";
        void Resolve(long offset, string? url, string problem)
        {
            foreach (var deadLetter in offsets[offset])
            {
                if (url is null)
                {
                    _problems[deadLetter.Position] = problem;
                }
                else
                {
                    _urls[deadLetter.Position] = url;
                }
            }
        }

        void Gone(long offset) => Resolve(offset, null,
            $"its webhook URL's path and query are kept only in its original record, which is no longer on {where} at offset {offset} (retention or compaction removed it)");

        // The partitions before this one may have taken all the time: the rest is reported as not read.
        var started = TimeProvider.System.GetTimestamp();
        var end = long.MaxValue;
        try
        {
            if (deadline <= TimeSpan.Zero)
            {
                foreach (var offset in offsets.Keys)
                {
                    remaining.Enqueue(offset);
                }
            }
            else
            {
                var marks = consumer.QueryWatermarkOffsets(partition, deadline);
                end = marks.High.Value;
                foreach (var offset in offsets.Keys)
                {
                    // Before the first record kept, or past the end (a topic deleted and made again): not there to read.
                    if (offset < marks.Low.Value || offset >= end)
                    {
                        Gone(offset);
                    }
                    else
                    {
                        remaining.Enqueue(offset);
                    }
                }

                if (remaining.Count > 0)
                {
                    consumer.Assign(new TopicPartitionOffset(partition, remaining.Peek()));
                }
            }

            while (remaining.Count > 0 && TimeProvider.System.GetElapsedTime(started) < deadline)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record?.Message is null)
                {
                    continue;
                }

                // An offset below the record read was skipped over: that record was compacted away.
                while (remaining.Count > 0 && remaining.Peek() < record.Offset.Value)
                {
                    Gone(remaining.Dequeue());
                }

                if (remaining.Count > 0 && remaining.Peek() == record.Offset.Value)
                {
                    var offset = remaining.Dequeue();
                    var shown = offsets[offset][0].Target!;
                    Resolve(offset, WebhookUrlIn(record.Message.Value, shown), $"its original record ({where}@{offset}) names no webhook callback at {shown}");
                }

                // The last record there was is read: what is still wanted was compacted away at the end.
                if (record.Offset.Value + 1 >= end)
                {
                    while (remaining.Count > 0)
                    {
                        Gone(remaining.Dequeue());
                    }
                }

                if (remaining.Count > 0 && remaining.Peek() - record.Offset.Value > ReadOnWithin)
                {
                    consumer.Assign(new TopicPartitionOffset(partition, remaining.Peek()));
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
