using System.Globalization;
using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.DeadLetters;

/// <summary>One record read back from the dead-letter topic, with its headers decoded for the operator commands.</summary>
/// <param name="StatusId">The status-id of a status, or the message-id of a received text message: what identifies the item.</param>
internal sealed record DeadLetter(
    int Partition,
    long Offset,
    string Reason,
    string Stage,
    string? TargetType,
    string? Target,
    DateTimeOffset? DeadLetteredAt,
    string Detail,
    string? OriginalTopic,
    string? OriginalPartition,
    string? OriginalOffset,
    string? StatusId,
    string? ReplayOf,
    Message<byte[], byte[]> Message)
{
    /// <summary>Reason of the records `dlq replay` writes to mark a dead letter as replayed; they are never dead letters themselves.</summary>
    public const string ReplayedMarkerReason = ReplayRecord.MarkerReason;

    /// <summary>"partition:offset": how a marker names the dead letter it marks.</summary>
    public string Position => $"{Partition}:{Offset}";

    public bool IsReplayMarker => Reason == ReplayedMarkerReason;

    /// <summary>
    /// The target as operators see it (printed, and what --target matches): a webhook URL as scheme, host and port only,
    /// also on dead letters written before 2026-12-02, whose header kept the URL's path. <see cref="Target"/> is the
    /// header as it is, which a replay of such an older dead letter still needs.
    /// </summary>
    public string? ShownTarget => TargetType == "webhook" && Target is not null ? Intake.WebhookUrl.Display(Target) : Target;

    /// <summary>On a replay marker: where the re-sent record landed ("topic:partition:offset"), if the marker says.</summary>
    public string? ReplayedTo => IsReplayMarker ? HeaderText.GetOrNull(Message.Headers, DeadLetterHeaders.ReplayedTo) : null;

    /// <summary>Where its input record was, as "topic:partition:offset" (as <see cref="ReplayedTo"/> names a re-sent record), if known.</summary>
    public string? OriginalPosition => OriginalTopic is null || OriginalPartition is null || OriginalOffset is null
        ? null
        : $"{OriginalTopic}:{OriginalPartition}:{OriginalOffset}";

    /// <summary>Its <see cref="Target"/> is shorter than the target it was sent to (a webhook URL cut to scheme, host and port).</summary>
    public bool TargetRedacted => HeaderText.GetOrNull(Message.Headers, DeadLetterHeaders.TargetRedacted) == "true";

    public static DeadLetter From(ConsumeResult<byte[], byte[]> record)
    {
        var headers = record.Message.Headers;
        string? Get(string name) => HeaderText.GetOrNull(headers, name);
        DateTimeOffset? deadLetteredAt = DateTimeOffset.TryParse(Get(DeadLetterHeaders.DeadLetteredAt), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new DeadLetter(
            record.Partition.Value,
            record.Offset.Value,
            Get(DeadLetterHeaders.Reason) ?? "(none)",
            Get(DeadLetterHeaders.Stage) ?? "(none)",
            Get(DeadLetterHeaders.TargetType),
            Get(DeadLetterHeaders.Target),
            deadLetteredAt,
            Get(DeadLetterHeaders.Detail) ?? "",
            Get(DeadLetterHeaders.OriginalTopic),
            Get(DeadLetterHeaders.OriginalPartition),
            Get(DeadLetterHeaders.OriginalOffset),
            Get(StatusHeaders.StatusId) ?? Get(InboundMessageHeaders.MessageId),
            Get(DeadLetterHeaders.ReplayOf),
            record.Message);
    }

    /// <summary>One line for a terminal.</summary>
    public string Describe()
    {
        var when = DeadLetteredAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(no time)";
        var status = StatusId is null ? ""
            : HeaderText.GetOrNull(Message.Headers, InboundMessageHeaders.Kind) is null ? $"  status-id={StatusId}" : $"  message-id={StatusId}";
        return $"{Position,-8} {when}  {Reason}  {Stage}  {ShownTarget ?? "(intake)"}  from {OriginalTopic}[{OriginalPartition}]@{OriginalOffset}{status}  {Detail}";
    }
}
