namespace StatusStream.Telemetry;

/// <summary>
/// The counters since start, as the progress line and the demo's summary print them. <see cref="Retries"/> and
/// <see cref="DeadLetters"/> count both kinds of item; the Message* counts are the received text messages among them.
/// <see cref="BreakerWaits"/> are parkings without an attempt (an open breaker), never among the retries.
/// </summary>
internal sealed record MetricTotals(
    long RecordsConsumed,
    long RetryRecordsConsumed,
    long StatusesDelivered,
    long DeliveredByKafka,
    long DeliveredByWebhook,
    long MessagesForwarded,
    long Retries,
    long MessageRetries,
    long BreakerWaits,
    long DeadLetters,
    long MessageDeadLetters,
    long InFlight,
    long? ConsumerLag);
