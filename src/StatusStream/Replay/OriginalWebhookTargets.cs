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
/// <remarks>
/// The record at the dead letter's original offset is taken only if it is the same notification (its event_id, or a
/// received message's id) and names a webhook at the same scheme, host and port: a topic deleted and made again has
/// other records at those offsets, and many senders share one chat host.
/// </remarks>
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
    public static OriginalWebhookTargets Read(KafkaOptions kafka, IEnumerable<DeadLetter> deadLetters, TimeSpan deadline, TimeProvider time)
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
            var started = time.GetTimestamp();
            foreach (var (partition, offsets) in wanted)
            {
                targets.ReadPartition(consumer, partition, offsets, deadline - time.GetElapsedTime(started), time);
            }

            consumer.Close();
        }

        return targets;
    }

    /// <summary>
    /// The URL of the webhook callback <paramref name="value"/> names (an event or a received message, plain JSON or in
    /// the Schema Registry wire format), when it is the notification <paramref name="id"/> (its event_id, or a received
    /// message's id) and the URL's scheme, host and port are <paramref name="shown"/>; else null.
    /// </summary>
    /// <param name="shown">Also the form dead letters had before they cut the path (scheme, host, port and path).</param>
    internal static string? WebhookUrlIn(byte[]? value, Guid id, string shown)
    {
        if (value is null)
        {
            return null;
        }

        ConfluentWireFormat.TryRead(value, out _, out var json);
        var reader = new Utf8JsonReader(json);
        StatusCallback? callback = null;
        var sameNotification = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCallback = reader.ValueTextEquals("callback"u8);
                var isId = reader.ValueTextEquals("event_id"u8) || reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isCallback && CallbackReader.Read(ref reader, out callback) is not null)
                {
                    return null;
                }

                if (isId)
                {
                    sameNotification = reader.TokenType == JsonTokenType.String && Guid.TryParse(reader.GetString(), out var read) && read == id;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: it names no URL.
            return null;
        }

        return sameNotification && callback is { Type: CallbackType.Webhook } && Shows(callback.Target, shown) ? callback.Target : null;
    }

    // The dead letter's form now (scheme, host and port), or the one dead letters had before (with the path).
    private static bool Shows(string url, string shown) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (string.Equals(WebhookUrl.Display(uri), shown, StringComparison.Ordinal)
            || string.Equals(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped), shown, StringComparison.Ordinal));

    /// <summary>The notification a dead letter is of: the event part of its status-id, or a received message's message-id.</summary>
    private static Guid? IdOf(DeadLetter deadLetter)
    {
        var text = HeaderText.GetOrNull(deadLetter.Message.Headers, InboundMessageHeaders.MessageId)
            ?? HeaderText.GetOrNull(deadLetter.Message.Headers, StatusHeaders.StatusId)?.Split(':')[0];
        return Guid.TryParse(text, out var id) ? id : null;
    }

    private void ReadPartition(IConsumer<byte[], byte[]> consumer, TopicPartition partition, SortedDictionary<long, List<DeadLetter>> offsets,
        TimeSpan deadline, TimeProvider time)
    {
        var remaining = new Queue<long>(offsets.Keys);
        var where = $"{partition.Topic}[{partition.Partition.Value}]";
        void Resolve(long offset, Func<DeadLetter, string?> urlOf, string problem)
        {
            foreach (var deadLetter in offsets[offset])
            {
                if (urlOf(deadLetter) is { } url)
                {
                    _urls[deadLetter.Position] = url;
                }
                else
                {
                    _problems[deadLetter.Position] = problem;
                }
            }
        }

        void Gone(long offset) => Resolve(offset, _ => null,
            $"its webhook URL's path and query are kept only in its original record, which is no longer on {where} at offset {offset} (retention or compaction removed it)");

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
                        var offset = remaining.Dequeue();
                        Resolve(offset, d => IdOf(d) is { } id ? WebhookUrlIn(record.Message.Value, id, d.Target!) : null,
                            $"its original record ({where}@{offset}) is not the same notification, or names no webhook callback at {offsets[offset][0].ShownTarget}");
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
                Resolve(offset, _ => null, $"its original record on {where} could not be read ({e.Error.Reason})");
            }

            return;
        }

        foreach (var offset in remaining)
        {
            Resolve(offset, _ => null, $"its original record on {where} was not read within the time the command allows");
        }
    }
}
