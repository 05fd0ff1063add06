using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Retry;

/// <summary>
/// What the retry consumer does with a record of the retry topic before holding it: another group's record (a second
/// deployment sharing the topic) is acknowledged and left to that group's own retry consumer; an unreadable one goes to
/// the dead-letter topic; the rest are read back into the status they parked.
/// </summary>
internal sealed class RetryTopicReader
{
    public const string UnreadableRetryRecordReason = "bad-retry-record";
    private const int MaxForeignGroupsLogged = 100;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly ILogger _logger;
    private readonly string _topic;
    private readonly HashSet<string> _ownGroups;
    private readonly HashSet<string> _foreignGroupsSeen = new(StringComparer.Ordinal);

    /// <param name="logger">The retry consumer's: its log lines keep their category.</param>
    public RetryTopicReader(KafkaOptions kafka, DeadLetterPublisher deadLetters, ILogger logger)
    {
        _deadLetters = deadLetters;
        _logger = logger;
        _topic = kafka.RetryTopic;
        _ownGroups = new HashSet<string>(
            kafka.FormerGroupIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append(kafka.GroupId), StringComparer.Ordinal);
    }

    /// <summary>The parked status; null when the record was another group's (acknowledged) or unreadable (dead-lettered).</summary>
    public RetryRecord? Read(ConsumeResult<byte[], byte[]> record, OutputAcknowledgement acknowledgement)
    {
        if (HeaderText.TryGet(record.Message.Headers, RetryHeaders.Group, out var group) && !_ownGroups.Contains(group))
        {
            // Another group's retry: its own retry consumer delivers it. Committed past here, never delivered twice.
            if (_foreignGroupsSeen.Count < MaxForeignGroupsLogged && _foreignGroupsSeen.Add(group))
            {
                Log.ForeignRetryRecords(_logger, _topic, group);
            }

            acknowledgement.Acknowledge();
            return null;
        }

        if (!RetryRecord.TryRead(record, acknowledgement, out var parked, out var problem))
        {
            acknowledgement.MarkInFlight();
            _deadLetters.PublishUnreadable(record, UnreadableRetryRecordReason, problem, acknowledgement);
            return null;
        }

        return parked;
    }
}
