using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StatusStream.Intake;

namespace StatusStream.Telemetry;

/// <summary>
/// Every instrument of the service, on one meter made by the host's <see cref="IMeterFactory"/> (so a
/// test's MetricCollector sees only its own host). Names follow the OpenTelemetry messaging
/// conventions where one fits (messaging.client.consumed.messages, messaging.client.sent.messages,
/// messaging.process.duration) and are statusstream.* for the rest; docs/observability.md
/// section lists each with its tags. Recording never blocks and never allocates per call beyond the
/// instruments' own work; it is safe from the consume loops, timers and delivery-report threads.
/// </summary>
internal sealed class StatusStreamMetrics
{
    public const string MeterName = "StatusStream";

    public const string ConsumedMessages = "messaging.client.consumed.messages";
    public const string SentMessages = "messaging.client.sent.messages";
    public const string ProcessDuration = "messaging.process.duration";
    public const string StatusesDelivered = "statusstream.statuses.delivered";
    public const string StatusesRetried = "statusstream.statuses.retried";
    public const string DeadLetters = "statusstream.dead_letters";
    public const string EndToEndDuration = "statusstream.delivery.end_to_end.duration";
    public const string InFlightStatuses = "statusstream.statuses.in_flight";
    public const string ConsumerLag = "statusstream.consumer.lag";
    public const string WebhookResponses = "statusstream.webhook.responses";
    public const string WebhookEndpoints = "statusstream.webhook.endpoints";
    public const string InputHeadersDropped = "statusstream.input.headers.dropped";
    public const string DeadLettersSkipped = "statusstream.dead_letters.skipped";
    public const string RetriesReparked = "statusstream.retry.reparked";
    public const string RetriesHeld = "statusstream.retry.held";

    /// <summary>Attempt tags stop here ("10" means the tenth attempt or a later one), so a long retry ladder stays bounded.</summary>
    public const int MaxAttemptTag = 10;

    /// <summary>The low-cardinality name of every callback topic (messaging.destination.template): the real names come from events.</summary>
    public const string CallbackTopicTemplate = "{namespace}.{service}-callback";

    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
    private static readonly double[] ProcessBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
    private static readonly string[] AttemptTags = [.. Enumerable.Range(0, MaxAttemptTag + 1).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    // Boxed once: a tag value is an object, and a bool boxed per delivered status is garbage per status.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private readonly TimeProvider _time;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _sent;
    private readonly Histogram<double> _process;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _endToEnd;
    private readonly Counter<long> _webhookResponses;
    private readonly Counter<long> _headersDropped;
    private readonly Counter<long> _deadLettersSkipped;
    private readonly Counter<long> _reparked;
    private Func<long>? _held;
    private readonly ConcurrentDictionary<string, Func<long>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Group, IReadOnlyList<PartitionLag> Partitions)> _lag = new(StringComparer.Ordinal);
    private Func<IEnumerable<string>>? _breakerStates;

    private long _recordsConsumed;
    private long _retryRecordsConsumed;
    private long _deliveredKafka;
    private long _deliveredWebhook;
    private long _deliveredOther;
    private long _messagesForwarded;
    private long _retries;
    private long _messageRetries;
    private long _breakerWaits;
    private long _deadLetterCount;
    private long _messageDeadLetters;

    public StatusStreamMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(new MeterOptions(MeterName));
        _consumed = meter.CreateCounter<long>(ConsumedMessages, "{message}", "Records read from the input and retry topics");
        _sent = meter.CreateCounter<long>(SentMessages, "{message}",
            "Records the broker acknowledged on callback, retry and dead-letter topics");
        _process = meter.CreateHistogram(ProcessDuration, "s", "Time to decode, expand, route and hand off one input record (or hold one retry record)",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = ProcessBuckets });
        _delivered = meter.CreateCounter<long>(StatusesDelivered, "{status}", "Statuses acknowledged by their callback (Kafka delivery report or webhook 2xx)");
        _retried = meter.CreateCounter<long>(StatusesRetried, "{status}", "Transient failures that were given another attempt");
        _deadLetters = meter.CreateCounter<long>(DeadLetters, "{record}", "Input records and statuses the dead-letter topic acknowledged");
        _endToEnd = meter.CreateHistogram(EndToEndDuration, "s",
            "From the input record's timestamp to the acknowledged delivery of one status, retries included",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _webhookResponses = meter.CreateCounter<long>(WebhookResponses, "{response}", "Webhook attempts by outcome class");
        _headersDropped = meter.CreateCounter<long>(InputHeadersDropped, "{header}",
            "Trace headers of input records (traceparent, tracestate, baggage) dropped instead of carried forward: not of their grammar, or repeated");
        _deadLettersSkipped = meter.CreateCounter<long>(DeadLettersSkipped, "{record}",
            "Records the dead-letter topic refused even as a minimal dead letter: logged as an Error naming the position, and committed past");
        meter.CreateObservableUpDownCounter(InFlightStatuses, ObserveInFlight, "{status}",
            "Statuses handed to delivery and not yet delivered, parked or dead-lettered");
        meter.CreateObservableGauge(ConsumerLag, ObserveLag, "{message}",
            "Records between this instance's position and the end of each partition it owns (librdkafka statistics)");
        _reparked = meter.CreateCounter<long>(RetriesReparked, "{record}",
            "Held retry records written back to the retry topic: not due within Retry:HoldSeconds, or past Retry:MaxHeldStatuses");
        meter.CreateObservableUpDownCounter(RetriesHeld, () => _held?.Invoke() ?? 0, "{record}",
            "Retry records held in memory for their due time or their re-park (not counted in flight)");
        meter.CreateObservableUpDownCounter(WebhookEndpoints, ObserveBreakers, "{endpoint}", "Webhook endpoints by circuit breaker state");
    }

    /// <summary>Records read from a topic by one consume loop.</summary>
    public void Consumed(string loop, string topic, string group)
    {
        Interlocked.Increment(ref loop == "retry" ? ref _retryRecordsConsumed : ref _recordsConsumed);
        if (_consumed.Enabled)
        {
            _consumed.Add(1, new TagList
            {
                { TelemetryTags.MessagingSystem, TelemetryTags.Kafka },
                { TelemetryTags.DestinationName, topic },
                { TelemetryTags.ConsumerGroup, group },
                { TelemetryTags.Loop, loop },
            });
        }
    }

    public void Processed(string loop, string topic, string group, TimeSpan elapsed)
    {
        if (_process.Enabled)
        {
            _process.Record(elapsed.TotalSeconds, new TagList
            {
                { TelemetryTags.MessagingSystem, TelemetryTags.Kafka },
                { TelemetryTags.DestinationName, topic },
                { TelemetryTags.ConsumerGroup, group },
                { TelemetryTags.Loop, loop },
            });
        }
    }

    /// <summary>A status its callback acknowledged, on attempt <paramref name="attempt"/>, from an input record stamped <paramref name="inputTimestamp"/>.</summary>
    public void Delivered(CallbackType type, int attempt, DateTimeOffset inputTimestamp) =>
        Delivered(RouteKindOf(type), attempt, inputTimestamp);

    /// <param name="itemKind"><see cref="TelemetryTags.StatusItem"/> or <see cref="TelemetryTags.InboundMessageItem"/>.</param>
    public void Delivered(string routeKind, int attempt, DateTimeOffset inputTimestamp, string itemKind = TelemetryTags.StatusItem)
    {
        // The totals (progress line, demo) count a forwarded text message apart: it is not a status.
        Interlocked.Increment(ref itemKind == TelemetryTags.InboundMessageItem ? ref _messagesForwarded
            : ref routeKind == "kafka" ? ref _deliveredKafka : ref routeKind == "webhook" ? ref _deliveredWebhook : ref _deliveredOther);
        var kind = new KeyValuePair<string, object?>(TelemetryTags.RouteKind, routeKind);
        _delivered.Add(1, kind, new KeyValuePair<string, object?>(TelemetryTags.Retried, attempt > 1 ? BoxedTrue : BoxedFalse), new KeyValuePair<string, object?>(TelemetryTags.ItemKind, itemKind));
        if (_endToEnd.Enabled)
        {
            // Producers stamp input records with their own clock; a skewed one must not give negative latencies.
            var seconds = Math.Max(0, (_time.GetUtcNow() - inputTimestamp).TotalSeconds);
            _endToEnd.Record(seconds, kind);
        }

        if (routeKind == "kafka")
        {
            _sent.Add(1, new KeyValuePair<string, object?>(TelemetryTags.MessagingSystem, TelemetryTags.Kafka),
                new KeyValuePair<string, object?>("messaging.destination.template", CallbackTopicTemplate), kind);
        }
    }

    /// <summary>A transient failure that gets attempt <paramref name="nextAttempt"/> (on the retry topic or in place).</summary>
    public void Retried(CallbackType type, int nextAttempt, string itemKind = TelemetryTags.StatusItem)
    {
        Interlocked.Increment(ref _retries);
        if (itemKind == TelemetryTags.InboundMessageItem)
        {
            Interlocked.Increment(ref _messageRetries);
        }

        _retried.Add(1, new KeyValuePair<string, object?>(TelemetryTags.RouteKind, RouteKindOf(type)),
            new KeyValuePair<string, object?>(TelemetryTags.Attempt, AttemptTags[Math.Clamp(nextAttempt, 0, MaxAttemptTag)]),
            new KeyValuePair<string, object?>(TelemetryTags.ItemKind, itemKind));
    }

    /// <summary>
    /// An item parked without an attempt (a webhook endpoint's breaker is open): a wait, not a retry, so the progress
    /// line counts it apart (the meter has it as the circuit_open class of statusstream.webhook.responses).
    /// </summary>
    public void WaitedForBreaker() => Interlocked.Increment(ref _breakerWaits);

    /// <summary>A record the retry topic acknowledged.</summary>
    public void Parked(string retryTopic) =>
        _sent.Add(1, new KeyValuePair<string, object?>(TelemetryTags.MessagingSystem, TelemetryTags.Kafka),
            new KeyValuePair<string, object?>(TelemetryTags.DestinationName, retryTopic));

    /// <summary>A held retry record the retry topic acknowledged again; <paramref name="reason"/> is "horizon" or "held-limit".</summary>
    public void Reparked(string retryTopic, string reason)
    {
        Parked(retryTopic);
        _reparked.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ReparkReason, reason));
    }

    /// <summary>A record the dead-letter topic acknowledged; <paramref name="reason"/> is one of the documented reason codes.</summary>
    public void DeadLettered(string deadLetterTopic, string reason, string stage, string itemKind = TelemetryTags.StatusItem)
    {
        Interlocked.Increment(ref _deadLetterCount);
        if (itemKind == TelemetryTags.InboundMessageItem)
        {
            Interlocked.Increment(ref _messageDeadLetters);
        }

        _deadLetters.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DeadLetterReason, reason),
            new KeyValuePair<string, object?>(TelemetryTags.DeadLetterStage, stage), new KeyValuePair<string, object?>(TelemetryTags.ItemKind, itemKind));
        _sent.Add(1, new KeyValuePair<string, object?>(TelemetryTags.MessagingSystem, TelemetryTags.Kafka),
            new KeyValuePair<string, object?>(TelemetryTags.DestinationName, deadLetterTopic));
    }

    /// <summary>A trace header of an input record that was not carried forward; both tags come from fixed lists.</summary>
    public void InputHeaderDropped(string header, string problem) =>
        _headersDropped.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Header, header), new KeyValuePair<string, object?>(TelemetryTags.HeaderProblem, problem));

    /// <summary>A record the dead-letter topic refused in every form: skipped (and logged) so the host keeps running.</summary>
    public void DeadLetterSkipped(string reason, string stage) =>
        _deadLettersSkipped.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DeadLetterReason, reason),
            new KeyValuePair<string, object?>(TelemetryTags.DeadLetterStage, stage));

    /// <summary>One webhook attempt's outcome. <paramref name="endpoint"/> is a configured name or "unnamed".</summary>
    public void WebhookResponse(string endpoint, string statusClass) =>
        _webhookResponses.Add(1, new KeyValuePair<string, object?>(TelemetryTags.WebhookEndpoint, endpoint),
            new KeyValuePair<string, object?>(TelemetryTags.WebhookStatusClass, statusClass));

    /// <summary>The status class of an HTTP status code: "2xx" ... "5xx".</summary>
    public static string StatusClassOf(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "other",
    };

    /// <summary>A consume loop's in-flight count, observed when metrics are collected.</summary>
    public void ObserveInFlight(string loop, Func<long> inFlight) => _inFlight[loop] = inFlight;

    /// <summary>The retry consumer's count of held records, observed when metrics are collected.</summary>
    public void ObserveHeld(Func<long> held) => _held = held;

    /// <summary>Breaker states of every webhook endpoint ("closed", "open", "half_open", "isolated"), observed on collection.</summary>
    public void ObserveWebhookBreakers(Func<IEnumerable<string>> states) => _breakerStates = states;

    /// <summary>The latest lag of the partitions one consume loop owns; replaces what it said before (revoked partitions disappear).</summary>
    public void ReportLag(string loop, string group, IReadOnlyList<PartitionLag> partitions) => _lag[loop] = (group, partitions);

    /// <summary>Forgets a loop's lag (it stopped): a stale figure would look like a stuck consumer.</summary>
    public void ClearLag(string loop) => _lag.TryRemove(loop, out _);

    public MetricTotals Totals()
    {
        long? lag = _lag.IsEmpty ? null : _lag.Values.Sum(l => l.Partitions.Sum(p => p.Lag));
        var kafka = Interlocked.Read(ref _deliveredKafka);
        var webhook = Interlocked.Read(ref _deliveredWebhook);
        return new MetricTotals(
            Interlocked.Read(ref _recordsConsumed),
            Interlocked.Read(ref _retryRecordsConsumed),
            kafka + webhook + Interlocked.Read(ref _deliveredOther),
            kafka,
            webhook,
            Interlocked.Read(ref _messagesForwarded),
            Interlocked.Read(ref _retries),
            Interlocked.Read(ref _messageRetries),
            Interlocked.Read(ref _breakerWaits),
            Interlocked.Read(ref _deadLetterCount),
            Interlocked.Read(ref _messageDeadLetters),
            _inFlight.Values.Sum(f => f()),
            lag);
    }

    private static string RouteKindOf(CallbackType type) => type == CallbackType.Kafka ? "kafka" : "webhook";

    private IEnumerable<Measurement<long>> ObserveInFlight() =>
        _inFlight.Select(pair => new Measurement<long>(pair.Value(), new KeyValuePair<string, object?>(TelemetryTags.Loop, pair.Key)));

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var (loop, (group, partitions)) in _lag)
        {
            foreach (var partition in partitions)
            {
                yield return new Measurement<long>(partition.Lag, new TagList
                {
                    { TelemetryTags.MessagingSystem, TelemetryTags.Kafka },
                    { TelemetryTags.DestinationName, partition.Topic },
                    { TelemetryTags.PartitionId, partition.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    { TelemetryTags.ConsumerGroup, group },
                    { TelemetryTags.Loop, loop },
                });
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveBreakers()
    {
        if (_breakerStates is not { } states)
        {
            return [];
        }

        return states().GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.LongCount(), new KeyValuePair<string, object?>(TelemetryTags.BreakerState, g.Key)));
    }
}
