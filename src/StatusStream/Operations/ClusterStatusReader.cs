using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Records;
using StatusStream.Retry;

namespace StatusStream.Operations;

/// <summary>
/// Reads a running cluster's state for operators without disturbing it: committed offsets of the
/// processor's two groups (fetched, never joined), partition ends, the records waiting on the retry
/// topic past its group's committed offset (by due time), and the dead-letter topic by reason.
/// </summary>
internal static class ClusterStatusReader
{
    /// <summary>At most this many retry records are read for the backlog; past it the counts say "at least".</summary>
    public const int MaxRetryRecords = 200_000;

    /// <param name="connectTimeout">How long the first request waits for any broker to answer.</param>
    public static ClusterStatus Read(KafkaOptions kafka, KafkaClientFactory clients, TimeProvider time, TimeSpan soon, TimeSpan connectTimeout, TimeSpan deadline)
    {
        using var admin = new OperatorAdminClient(kafka, connectTimeout, clients);
        const string Section = KafkaOptions.SectionName;
        var consumed = kafka.InputTopicList.Select(t => (t, $"{Section}:{nameof(KafkaOptions.InputTopics)}"))
            .Append((kafka.InboundTopic.Trim(), $"{Section}:{nameof(KafkaOptions.InboundTopic)}"));
        var input = Progress(kafka, clients, admin, kafka.GroupId, consumed, deadline);
        var retry = Progress(kafka, clients, admin, RetryConsumerService.RetryGroupId(kafka), [(kafka.RetryTopic, $"{Section}:{nameof(KafkaOptions.RetryTopic)}")], deadline);
        var (now, dueSoon, later) = RetryBacklog(kafka, clients, retry, time.GetUtcNow(), soon, deadline);
        var deadLetters = DeadLetterScan.Read(kafka, clients, admin, deadline).DeadLetters
            .GroupBy(d => d.Reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ClusterStatus(kafka.GroupId, input, retry, now, dueSoon, later, deadLetters);
    }

    private static List<PartitionProgress> Progress(KafkaOptions kafka, KafkaClientFactory clients, OperatorAdminClient admin, string group,
        IEnumerable<(string Topic, string Setting)> topics, TimeSpan deadline)
    {
        var partitions = topics.SelectMany(topic => admin.Topic(topic.Topic, topic.Setting, deadline).Partitions
            .Select(p => new TopicPartition(topic.Topic, p.PartitionId))).OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value).ToList();

        // A consumer with the group's id fetches its committed offsets; it never subscribes, so it never joins.
        using var consumer = clients.Consumer(KafkaClientConfigs.Consumer(kafka, group), clients.For("consumer")).Build();
        var committed = consumer.Committed(partitions, deadline).ToDictionary(c => c.TopicPartition, c => c.Offset);
        return partitions.Select(p =>
        {
            var watermarks = consumer.QueryWatermarkOffsets(p, deadline);
            var offset = committed.GetValueOrDefault(p, Offset.Unset);
            return new PartitionProgress(p.Topic, p.Partition.Value, offset.IsSpecial ? null : offset.Value, watermarks.Low.Value, watermarks.High.Value);
        }).ToList();
    }

    private static (int Now, int Soon, int Later) RetryBacklog(KafkaOptions kafka, KafkaClientFactory clients, IReadOnlyList<PartitionProgress> retry, DateTimeOffset now, TimeSpan soon, TimeSpan deadline)
    {
        var waiting = retry.Where(p => p.Lag > 0).ToDictionary(p => p.Partition, p => p.End);
        if (waiting.Count == 0)
        {
            return (0, 0, 0);
        }

        using var consumer = clients.Consumer(KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".status-tool"), clients.For("consumer")).Build();
        consumer.Assign(retry.Where(p => p.Lag > 0).Select(p => new TopicPartitionOffset(p.Topic, p.Partition, Math.Max(p.Committed ?? p.Start, p.Start))));
        var (dueNow, dueSoon, later, read) = (0, 0, 0, 0);
        // A re-parked record and its original (acknowledged, not yet committed past) are one retry: counted once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = TimeProvider.System.GetTimestamp();
        while (waiting.Count > 0 && read < MaxRetryRecords && TimeProvider.System.GetElapsedTime(started) < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null)
            {
                continue;
            }

            read++;
            if (record.Offset.Value + 1 >= waiting.GetValueOrDefault(record.Partition.Value, long.MaxValue))
            {
                waiting.Remove(record.Partition.Value);
            }

            if (RetryIdentity(record.Message.Headers) is { } identity && !seen.Add(identity))
            {
                continue;
            }

            var due = record.Message.Headers.TryGetLastBytes(RetryHeaders.DueAt, out var bytes)
                && RetryRecord.TryParseTimestamp(System.Text.Encoding.UTF8.GetString(bytes), out var at) ? at : now;
            _ = due <= now ? dueNow++ : due <= now + soon ? dueSoon++ : later++;
        }

        consumer.Close();
        return (dueNow, dueSoon, later);
    }

    /// <summary>What a retry and its re-parked copies share (item id, attempt, due time); null when a header is missing.</summary>
    private static string? RetryIdentity(Headers headers) =>
        (HeaderText.GetOrNull(headers, StatusHeaders.StatusId) ?? HeaderText.GetOrNull(headers, InboundMessageHeaders.MessageId)) is { } id
        && HeaderText.TryGet(headers, RetryHeaders.Attempt, out var attempt) && HeaderText.TryGet(headers, RetryHeaders.DueAt, out var dueAt)
            ? $"{id}|{attempt}|{dueAt}"
            : null;
}
