namespace StatusStream.Telemetry;

/// <summary>
/// Tag names on StatusStream's instruments. Every value is drawn from a bounded set: configured
/// topic names, reason codes, route kinds, endpoint names from configuration. Never a status id, a
/// callback topic or URL taken from an event, or anything with a query string.
/// </summary>
internal static class TelemetryTags
{
    public const string MessagingSystem = "messaging.system";
    public const string DestinationName = "messaging.destination.name";
    public const string PartitionId = "messaging.destination.partition.id";
    public const string ConsumerGroup = "messaging.consumer.group.name";
    public const string ErrorType = "error.type";

    /// <summary>kafka, webhook (and subscription once standing subscriptions deliver).</summary>
    public const string RouteKind = "statusstream.route.kind";

    /// <summary>input or retry: which consume loop.</summary>
    public const string Loop = "statusstream.loop";

    /// <summary>The attempt a retry will make next (2 = first retry), capped at <see cref="StatusStreamMetrics.MaxAttemptTag"/>.</summary>
    public const string Attempt = "statusstream.retry.attempt";

    /// <summary>Why a held retry record went back to the retry topic: horizon or held-limit.</summary>
    public const string ReparkReason = "statusstream.retry.repark.reason";

    /// <summary>true when the delivered status needed more than one attempt.</summary>
    public const string Retried = "statusstream.retried";

    public const string DeadLetterReason = "statusstream.dead_letter.reason";

    /// <summary>traceparent, tracestate or baggage: the input header that was dropped.</summary>
    public const string Header = "statusstream.header";

    /// <summary>invalid, repeated or without-traceparent (Intake.InputHeaderDrops).</summary>
    public const string HeaderProblem = "statusstream.header.problem";

    /// <summary>intake or delivery.</summary>
    public const string DeadLetterStage = "statusstream.dead_letter.stage";

    /// <summary>The configured endpoint name, or "unnamed" for a target that matches none (its host comes from an event).</summary>
    public const string WebhookEndpoint = "statusstream.webhook.endpoint";

    /// <summary>2xx, 3xx, 4xx, 5xx, timeout, connect_error, response_error, refused, circuit_open.</summary>
    public const string WebhookStatusClass = "statusstream.webhook.status_class";

    /// <summary>closed, open, half_open, isolated.</summary>
    public const string BreakerState = "statusstream.webhook.breaker.state";

    public const string Kafka = "kafka";

    /// <summary>What was delivered, retried or dead-lettered: <see cref="StatusItem"/> or <see cref="InboundMessageItem"/>.</summary>
    public const string ItemKind = "statusstream.item.kind";
    public const string StatusItem = "status";
    public const string InboundMessageItem = "inbound-message";
}
