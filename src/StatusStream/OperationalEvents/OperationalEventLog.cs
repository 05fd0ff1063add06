using Microsoft.Extensions.Logging;

namespace StatusStream.OperationalEvents;

/// <summary>The operational events' log lines, event ids 61xx. They name endpoints as events do: never a URL path or a secret.</summary>
internal static partial class OperationalEventLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "Operational event {Type} for {Subject} ({Reason})")]
    public static partial void Emitted(ILogger logger, string type, string subject, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error,
        Message = "Operational event {Type} for {Subject} could not be written to {Topic} ({Code}: {Reason}); this instance applied it, other instances and a restart do not know of it")]
    public static partial void WriteFailed(ILogger logger, string type, string subject, string topic, string code, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information,
        Message = "Operations topic {Topic} read to its end: {Disabled} disabled endpoint(s), {Skipped} record(s) skipped, {Milliseconds:0} ms")]
    public static partial void CaughtUp(ILogger logger, string topic, int disabled, long skipped, double milliseconds);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning,
        Message = "Operations topic: record at partition {Partition} offset {Offset} is not an operational event; skipped")]
    public static partial void Unreadable(ILogger logger, int partition, long offset);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error,
        Message = "The operations topic {Topic} (Kafka:OperationsTopic) cannot be read ({Error}): operational events cannot be written, and endpoints this instance disables stay disabled only until it restarts. Create it (deploy/kafka/statusstream-operations.yaml)")]
    public static partial void TopicMissing(ILogger logger, string topic, string error);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "Operations topic: following it failed ({Code}: {Reason}); this instance no longer sees other instances' endpoint changes")]
    public static partial void FollowFailed(ILogger logger, string code, string reason);
}
