using Microsoft.Extensions.Logging;

namespace StatusStream.Subscriptions;

/// <summary>
/// The subscriptions feature's log lines, event ids 8xxx. They name subscriptions by id and
/// namespace only: never a callback URL, a signing secret, an API key or an encryption key.
/// </summary>
internal static partial class SubscriptionLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "Subscriptions topic {Topic} read to its end: {Count} live subscriptions, {Skipped} records skipped (event 8004), {Milliseconds:0} ms")]
    public static partial void CaughtUp(ILogger logger, string topic, int count, long skipped, double milliseconds);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Subscriptions topic: consume error {Code}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Subscriptions topic: following it failed ({Code}: {Reason}); this instance no longer sees changes")]
    public static partial void FollowFailed(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error,
        Message = "Subscriptions topic: record at partition {Partition} offset {Offset} is skipped ({Reason}): {Problem}")]
    public static partial void UnreadableRecord(ILogger logger, int partition, long offset, string reason, string problem);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Subscription {Id} created in namespace {Namespace} ({Mode}, {Kind})")]
    public static partial void Created(ILogger logger, Guid id, string @namespace, string mode, string kind);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Subscription {Id} cancelled by namespace {Namespace}")]
    public static partial void Cancelled(ILogger logger, Guid id, string @namespace);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Information, Message = "Subscription {Id}: {Change} written")]
    public static partial void Changed(ILogger logger, Guid id, string change);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Warning,
        Message = "Subscription {Id}: writing {Change} failed ({Code}: {Reason}); this instance stopped sending to it, others continue until it is written")]
    public static partial void WriteFailed(ILogger logger, Guid id, string change, string code, string reason);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Information, Message = "Subscription {Id} completed: its only-once callback was delivered")]
    public static partial void Completed(ILogger logger, Guid id);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Warning, Message = "Subscription {Id} disabled: its receiver answered 410 Gone")]
    public static partial void Disabled(ILogger logger, Guid id);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Debug, Message = "Status {StatusId} for ended subscription {Id} dropped")]
    public static partial void Dropped(ILogger logger, string statusId, Guid id);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Critical,
        Message = "Subscriptions topic: the follower failed with {ExceptionType} (its message is not logged: it may quote a record); this instance no longer sees changes and reports not ready. Stack trace:\n{StackTrace}")]
    public static partial void FollowCrashed(ILogger logger, string exceptionType, string stackTrace);

    [LoggerMessage(EventId = 8014, Level = LogLevel.Information,
        Message = "Subscriptions topic: {Count} subscriptions whose last record had no tag written again with one (Subscriptions:AcceptUntaggedRecords)")]
    public static partial void Retagged(ILogger logger, int count);

    [LoggerMessage(EventId = 8015, Level = LogLevel.Warning,
        Message = "Subscription {Id}: writing it again with a tag failed ({Code}: {Reason}); it is still read while Subscriptions:AcceptUntaggedRecords is on, and the next start tries again")]
    public static partial void RetagFailed(ILogger logger, Guid id, string code, string reason);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "Subscription API: writing to the subscriptions topic failed ({Code}: {Reason})")]
    public static partial void ApiWriteFailed(ILogger logger, string code, string reason);
}
