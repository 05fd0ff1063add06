using Microsoft.Extensions.Logging;
using StatusStream.Intake;

namespace StatusStream.Telemetry;

/// <summary>
/// Every log line of the service, with stable event ids (1xxx intake, 2xxx delivery, 3xxx commit,
/// 4xxx lifecycle). Payloads and secrets are never logged; detail texts are bounded descriptions.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Input {Topic}[{Partition}]@{Offset} dead-lettered: {Reason}: {Detail}")]
    public static partial void InputDeadLettered(ILogger logger, string reason, string topic, int partition, long offset, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Consume error {Code}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Status {StatusId} ({CallbackType}) dead-lettered: {Reason}: {Detail}")]
    public static partial void StatusDeadLettered(ILogger logger, string reason, string statusId, CallbackType callbackType, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Status {StatusId} parked for attempt {Attempt}, due {DueAt}: {Error}")]
    public static partial void StatusParked(ILogger logger, string statusId, int attempt, string dueAt, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "The retry topic {Topic} holds records parked by group {Group}: left to that group's retry consumer. If that was this "
            + "deployment's Kafka:GroupId before a rename, its retries are never delivered: see Kafka:FormerGroupIds in docs/configuration.md (said once per group)")]
    public static partial void ForeignRetryRecords(ILogger logger, string topic, string group);

    // Event ids of received text messages start at x301. Ids only: the numbers and the text are personal data.

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning,
        Message = "Inbound message {MessageId} ({CallbackType}) dead-lettered: {Reason}: {Detail}")]
    public static partial void InboundMessageDeadLettered(ILogger logger, string reason, string messageId, CallbackType callbackType, string detail);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information,
        Message = "Inbound message {MessageId} parked for attempt {Attempt}, due {DueAt}: {Error}")]
    public static partial void InboundMessageParked(ILogger logger, string messageId, int attempt, string dueAt, string error);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Committed {Offsets}")]
    public static partial void OffsetsCommitted(ILogger logger, string offsets);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Commit failed ({Code}: {Reason}); the next commit carries the offsets")]
    public static partial void CommitFailed(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string partitions);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Partitions revoked: {Partitions}")]
    public static partial void PartitionsRevoked(ILogger logger, string partitions);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Partitions lost (not committed): {Partitions}")]
    public static partial void PartitionsLost(ILogger logger, string partitions);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Intake paused: {InFlight} statuses in flight")]
    public static partial void IntakePaused(ILogger logger, long inFlight);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Intake resumed: {InFlight} statuses in flight")]
    public static partial void IntakeResumed(ILogger logger, long inFlight);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Consume loop {Loop} started: topics {Topics}, group {GroupId}, group protocol {GroupProtocol}")]
    public static partial void PipelineStarted(ILogger logger, string loop, string topics, string groupId, string groupProtocol);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Consume loop {Loop} stopping: {InFlight} statuses in flight")]
    public static partial void PipelineStopping(ILogger logger, string loop, long inFlight);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Consume loop {Loop} stopped: {InFlight} statuses left unacknowledged (read again on restart)")]
    public static partial void PipelineStopped(ILogger logger, string loop, long inFlight);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Critical, Message = "Fatal: {Reason}")]
    public static partial void PipelineFatal(ILogger logger, string reason);

    [LoggerMessage(EventId = 4005, Message = "librdkafka {Client} {Facility}: {Message}")]
    public static partial void ClientLog(ILogger logger, LogLevel level, string client, string facility, string message);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Kafka {Client} error {Code}: {Reason}")]
    public static partial void ClientError(ILogger logger, string client, string code, string reason);

    // Event ids of the operations work (limits, replay, status view) start at x101 in each range, so they never collide
    // with ids appended by other changes at the same time.

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Records lost: the {Loop} consumer's position in {Topic}[{Partition}] no longer exists on the broker, so it skipped "
            + "from offset {From} to {To} ({Lost} records never processed; the broker's retention dropped them first). librdkafka: {Detail}")]
    public static partial void RecordsSkipped(ILogger logger, string loop, string topic, int partition, long from, long to, long lost, string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Records may be lost: the {Loop} consumer reset its position after an error. librdkafka: {Detail}")]
    public static partial void PositionReset(ILogger logger, string loop, string detail);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "No Kafka broker answers at {BootstrapServers} ({Reason}); waited {Waited:0} s, {Remaining}")]
    public static partial void BrokerUnreachable(ILogger logger, string bootstrapServers, string reason, double waited, string remaining);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Kafka at {BootstrapServers} answered after {Waited:0} s")]
    public static partial void BrokerReachable(ILogger logger, string bootstrapServers, double waited);

    // Event ids of the observability work (metrics, traces, health) start at x201 in each range.

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Progress: {Records} records read (+{RecordsDelta}), {Delivered} statuses delivered (+{DeliveredDelta}; kafka {Kafka}, webhook {Webhook}), "
            + "{Messages} text messages forwarded (+{MessagesDelta}), "
            + "{Retries} retries (+{RetriesDelta}; statuses {StatusRetries}, text messages {MessageRetries}), "
            + "{BreakerWaits} waits on an open breaker (+{BreakerWaitsDelta}), "
            + "{DeadLetters} dead letters (+{DeadLettersDelta}; statuses {StatusDeadLetters}, text messages {MessageDeadLetters}), {InFlight} in flight, lag {Lag}")]
    public static partial void Progress(ILogger logger, long records, long recordsDelta, long delivered, long deliveredDelta, long kafka, long webhook,
        long messages, long messagesDelta, long retries, long retriesDelta, long statusRetries, long messageRetries, long breakerWaits, long breakerWaitsDelta,
        long deadLetters, long deadLettersDelta, long statusDeadLetters, long messageDeadLetters, long inFlight, string lag);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "Not ready: no Kafka broker answers at {BootstrapServers} ({Reason}); /readyz fails until one does")]
    public static partial void ReadinessBrokerUnreachable(ILogger logger, string bootstrapServers, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Kafka at {BootstrapServers} answers again")]
    public static partial void ReadinessBrokerReachable(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error,
        Message = "Health check {Check} threw {ExceptionType} (its message is not logged: it may hold a URL or a secret); it reports Unhealthy, "
            + "and this is logged again only if it answers in between or fails elsewhere. Stack trace:\n{StackTrace}")]
    public static partial void HealthCheckThrew(ILogger logger, string check, string exceptionType, string stackTrace);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "Health check {Check} answers again")]
    public static partial void HealthCheckAnswersAgain(ILogger logger, string check);
}
