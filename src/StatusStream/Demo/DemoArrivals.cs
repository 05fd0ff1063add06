using System.Text;
using Confluent.Kafka;
using StatusStream.Expansion;
using StatusStream.Records;

namespace StatusStream.Demo;

/// <summary>
/// What the demo's reader saw on the callback, retry and dead-letter topics, and whether it is all
/// there. "All" includes the parked retry the demo promises: the reader fetches the topics'
/// partitions in no particular order, so it could count every status and dead letter before the
/// retry topic's record reached it, stop, and show the billing status as delivered at once. The
/// lines are shown in the order things happened (the records' timestamps), not in fetch order.
/// </summary>
internal sealed class DemoArrivals(string deadLetterTopic, string retryTopic)
{
    private readonly List<(long Timestamp, int Seen, string Line)> _lines = [];
    private readonly Dictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _parked = new(StringComparer.Ordinal);
    private int _deadLetters;
    private int _inbound;

    public bool IsComplete =>
        DemoEvents.ExpectedStatuses.All(e => _statuses.GetValueOrDefault(e.Key) >= e.Value)
        && _deadLetters >= DemoEvents.ExpectedDeadLetters
        && _inbound >= DemoEvents.ExpectedInboundOnKafka
        && DemoEvents.ExpectedParkedStatusIds.All(_parked.Contains);

    /// <summary>Oldest first; records produced in the same millisecond keep the order they were read in.</summary>
    public IEnumerable<string> Lines => _lines.OrderBy(l => l.Timestamp).ThenBy(l => l.Seen).Select(l => l.Line);

    public void Add(ConsumeResult<byte[], byte[]> record)
    {
        string line;
        if (record.Topic == retryTopic)
        {
            var statusId = Header(record, StatusHeaders.StatusId);
            _parked.Add(statusId);
            line = $"{record.Topic,-26} status {statusId} parked for attempt {Header(record, RetryHeaders.Attempt)}, "
                + $"due {Header(record, RetryHeaders.DueAt)}: {Header(record, FailureHeaders.ErrorMessage)}";
        }
        else if (record.Topic == deadLetterTopic)
        {
            _deadLetters++;
            line = $"{record.Topic,-26} reason={Header(record, DeadLetterHeaders.Reason)} from {Header(record, DeadLetterHeaders.OriginalTopic)}"
                + $"[{Header(record, DeadLetterHeaders.OriginalPartition)}]@{Header(record, DeadLetterHeaders.OriginalOffset)}: {Header(record, DeadLetterHeaders.Detail)}";
        }
        else if (Header(record, StatusHeaders.ContentType) == InboundMessageHeaders.ContentType)
        {
            // A forwarded text message shares the callback topic with the service's statuses; its content type tells them apart.
            _inbound++;
            line = $"{record.Topic,-26} inbound message {Header(record, InboundMessageHeaders.MessageId)}: {Encoding.UTF8.GetString(record.Message.Value)}";
        }
        else
        {
            var status = NotificationStatusJson.Deserialize(record.Message.Value);
            _statuses[record.Topic] = _statuses.GetValueOrDefault(record.Topic) + 1;
            line = $"{record.Topic,-26} event {status.EventId} recipient {status.Recipient} "
                + (status.Success ? "delivered" : $"FAILED ({status.Error})") + $" via {status.Provider}";
        }

        _lines.Add((record.Message.Timestamp.UnixTimestampMs, _lines.Count, line));
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";
}
