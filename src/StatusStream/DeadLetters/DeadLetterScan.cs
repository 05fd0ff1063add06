using Confluent.Kafka;
using StatusStream.Kafka;

namespace StatusStream.DeadLetters;

/// <summary>
/// Reads the whole dead-letter topic, from the start of each partition up to its end when the scan
/// began: assigned partitions, no consumer group, no commits, so operators' commands never disturb
/// anything. Replay markers are collected apart.
/// </summary>
internal sealed class DeadLetterScan
{
    private readonly IReadOnlyDictionary<string, ReplayChain> _chains;

    /// <param name="replayedTo">Where each replay re-sent a dead letter ("topic:partition:offset") and which one it was (see <see cref="ReplayChain.Of"/>).</param>
    internal DeadLetterScan(IReadOnlyList<DeadLetter> deadLetters, IReadOnlySet<string> replayed, IReadOnlyDictionary<string, string>? replayedTo = null)
    {
        DeadLetters = deadLetters;
        Replayed = replayed;
        _chains = ReplayChain.Of(deadLetters, replayedTo);
    }

    /// <summary>Every dead letter (markers excluded), in partition and offset order.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters { get; }

    /// <summary>Positions ("partition:offset") of dead letters a replay already moved.</summary>
    public IReadOnlySet<string> Replayed { get; }

    /// <summary>Chains with more than one member: records that were dead-lettered again (usually after a replay).</summary>
    public IEnumerable<ReplayChain> Chains => _chains.Values.Distinct().Where(c => c.Members.Count > 1).OrderBy(c => c.Root, StringComparer.Ordinal);

    public ReplayChain ChainOf(DeadLetter deadLetter) => _chains[deadLetter.Position];

    /// <summary>A dead letter a replay already sent back: it has a marker.</summary>
    public bool IsReplayed(DeadLetter deadLetter) => Replayed.Contains(deadLetter.Position);

    /// <summary>
    /// Not replayed itself, but the record came back: an earlier member of its chain was replayed
    /// and failed again. A plain replay skips it (replaying is idempotent); `--again` sends it.
    /// </summary>
    public bool CameBackAfterReplay(DeadLetter deadLetter) => !IsReplayed(deadLetter) && ChainOf(deadLetter).WasReplayed(Replayed);

    /// <summary>
    /// What a replay sends: dead letters without a marker, except (unless <paramref name="again"/>)
    /// those whose chain was already replayed.
    /// </summary>
    public bool IsDueForReplay(DeadLetter deadLetter, bool again) => !IsReplayed(deadLetter) && (again || !CameBackAfterReplay(deadLetter));

    public static DeadLetterScan Read(KafkaOptions kafka, KafkaClientFactory clients, OperatorAdminClient admin, TimeSpan deadline)
    {
        var topic = admin.Topic(kafka.DeadLetterTopic, $"{KafkaOptions.SectionName}:{nameof(KafkaOptions.DeadLetterTopic)}", deadline);
        var config = KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".dlq-tool");
        using var consumer = clients.Consumer(config, clients.For("consumer")).Build();

        var remaining = new Dictionary<int, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var partition in topic.Partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic.Topic, partition.PartitionId), deadline);
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                remaining[partition.PartitionId] = watermarks.High.Value;
                assignment.Add(new TopicPartitionOffset(topic.Topic, partition.PartitionId, watermarks.Low));
            }
        }

        var records = new List<DeadLetter>();
        consumer.Assign(assignment);
        var started = TimeProvider.System.GetTimestamp();
        while (remaining.Count > 0)
        {
            if (TimeProvider.System.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"reading {kafka.DeadLetterTopic} took longer than {deadline.TotalSeconds:0} s; {remaining.Count} partitions unfinished");
            }

            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null)
            {
                continue;
            }

            records.Add(DeadLetter.From(record));
            if (record.Offset.Value + 1 >= remaining.GetValueOrDefault(record.Partition.Value, long.MaxValue))
            {
                remaining.Remove(record.Partition.Value);
            }
        }

        consumer.Close();
        var markers = records.Where(r => r.IsReplayMarker && r.ReplayOf is not null).ToList();
        var replayed = markers.Select(r => r.ReplayOf!).ToHashSet(StringComparer.Ordinal);
        var replayedTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var marker in markers.Where(m => m.ReplayedTo is not null))
        {
            replayedTo[marker.ReplayedTo!] = marker.ReplayOf!;
        }

        return new DeadLetterScan(records.Where(r => !r.IsReplayMarker).OrderBy(r => r.Partition).ThenBy(r => r.Offset).ToList(), replayed, replayedTo);
    }
}
