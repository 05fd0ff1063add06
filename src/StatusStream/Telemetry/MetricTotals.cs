namespace StatusStream.Telemetry;

/// <summary>The counters since start, as the progress line and the demo's summary print them.</summary>
internal sealed record MetricTotals(
    long RecordsConsumed,
    long RetryRecordsConsumed,
    long StatusesDelivered,
    long DeliveredByKafka,
    long DeliveredByWebhook,
    long MessagesForwarded,
    long Retries,
    long DeadLetters,
    long InFlight,
    long? ConsumerLag);
