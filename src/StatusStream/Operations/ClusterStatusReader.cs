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
/// topic past its group's committed offset (by due time; settled ones and those behind a held record apart), and the
/// dead-letter topic by reason.
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
        var scanned = DeadLetterScan.Read(kafka, clients, admin, deadline).DeadLetters;
        var backlog = RetryBacklog(kafka, clients, retry, scanned, time.GetUtcNow(), soon, deadline);
        var deadLetters = scanned
            .GroupBy(d => d.Reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ClusterStatus(kafka.GroupId, input, retry, backlog.DueNow, backlog.DueSoon, backlog.Later, deadLetters)
        {
            RetryDueBehindHeld = backlog.DueBehindHeld,
            RetrySettled = backlog.Settled,
        };
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

    private static RetryBacklogCounts RetryBacklog(KafkaOptions kafka, KafkaClientFactory clients, IReadOnlyList<PartitionProgress> retry,
        IReadOnlyList<DeadLetter> deadLetters, DateTimeOffset now, TimeSpan soon, TimeSpan deadline)
    {
        var waiting = retry.Where(p => p.Lag > 0).ToDictionary(p => p.Partition, p => p.End);
        if (waiting.Count == 0)
        {
            return new RetryBacklogCounts(0, 0, 0, 0, 0);
        }

        using var consumer = clients.Consumer(KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".status-tool"), clients.For("consumer")).Build();
        consumer.Assign(retry.Where(p => p.Lag > 0).Select(p => new TopicPartitionOffset(p.Topic, p.Partition, Math.Max(p.Committed ?? p.Start, p.Start))));
        var read = new List<WaitingRetry>();
        // A re-parked record and its original (acknowledged, not yet committed past) are one retry: counted once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = TimeProvider.System.GetTimestamp();
        while (waiting.Count > 0 && read.Count < MaxRetryRecords && TimeProvider.System.GetElapsedTime(started) < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null)
            {
                continue;
            }

            if (record.Offset.Value + 1 >= waiting.GetValueOrDefault(record.Partition.Value, long.MaxValue))
            {
                waiting.Remove(record.Partition.Value);
            }

            var headers = record.Message.Headers;
            if (RetryIdentity(headers) is { } identity && !seen.Add(identity))
            {
                continue;
            }

            var due = headers.TryGetLastBytes(RetryHeaders.DueAt, out var bytes)
                && RetryRecord.TryParseTimestamp(System.Text.Encoding.UTF8.GetString(bytes), out var at) ? at : now;
            var attempt = HeaderText.TryGet(headers, RetryHeaders.Attempt, out var text)
                && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;
            read.Add(new WaitingRetry(record.Partition.Value, ItemId(headers), attempt, due, record.Message.Timestamp.UtcDateTime));
        }

        consumer.Close();
        return Classify(read, deadLetters, now, soon);
    }

    /// <summary>
    /// Sorts the retry records past the committed offset. Settled (with evidence on the cluster): the same item was
    /// parked again for a later attempt, or dead-lettered after this record was parked; the retry consumer has done
    /// with it and commits past it once every record before it is done too. Of the rest, a record due now that sits
    /// behind a record held until later (on its partition) is counted apart from one first in line: a running retry
    /// consumer reads past held records and delivers the due ones at once, so those wait only for the commit; a
    /// record due now with nothing held before it is the real backlog.
    /// </summary>
    private static RetryBacklogCounts Classify(List<WaitingRetry> read, IReadOnlyList<DeadLetter> deadLetters, DateTimeOffset now, TimeSpan soon)
    {
        var lastAttempt = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var retry in read.Where(r => r.ItemId is not null))
        {
            lastAttempt[retry.ItemId!] = Math.Max(lastAttempt.GetValueOrDefault(retry.ItemId!), retry.Attempt);
        }

        var deadLetteredAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var deadLetter in deadLetters.Where(d => d.StatusId is not null && d.DeadLetteredAt is not null))
        {
            deadLetteredAt[deadLetter.StatusId!] = deadLetteredAt.TryGetValue(deadLetter.StatusId!, out var at) && at > deadLetter.DeadLetteredAt!.Value
                ? at
                : deadLetter.DeadLetteredAt!.Value;
        }

        var (dueNow, behindHeld, dueSoon, later, settled) = (0, 0, 0, 0, 0);
        var heldOn = new HashSet<int>();
        foreach (var retry in read)
        {
            var done = retry.ItemId is { } id
                && (lastAttempt[id] > retry.Attempt || (deadLetteredAt.TryGetValue(id, out var at) && at >= retry.ParkedAt));
            if (done)
            {
                settled++;
            }
            else if (retry.Due > now)
            {
                heldOn.Add(retry.Partition);
                _ = retry.Due <= now + soon ? dueSoon++ : later++;
            }
            else
            {
                _ = heldOn.Contains(retry.Partition) ? behindHeld++ : dueNow++;
            }
        }

        return new RetryBacklogCounts(dueNow, dueSoon, later, behindHeld, settled);
    }

    private static string? ItemId(Headers headers) =>
        HeaderText.GetOrNull(headers, StatusHeaders.StatusId) ?? HeaderText.GetOrNull(headers, InboundMessageHeaders.MessageId);

    /// <summary>One retry record read past its group's committed offset.</summary>
    private sealed record WaitingRetry(int Partition, string? ItemId, int Attempt, DateTimeOffset Due, DateTimeOffset ParkedAt);

    /// <summary>What a retry and its re-parked copies share (item id, attempt, due time); null when a header is missing.</summary>
    private static string? RetryIdentity(Headers headers) =>
        (HeaderText.GetOrNull(headers, StatusHeaders.StatusId) ?? HeaderText.GetOrNull(headers, InboundMessageHeaders.MessageId)) is { } id
        && HeaderText.TryGet(headers, RetryHeaders.Attempt, out var attempt) && HeaderText.TryGet(headers, RetryHeaders.DueAt, out var dueAt)
            ? $"{id}|{attempt}|{dueAt}"
            : null;
}
