using System.Diagnostics;

namespace StatusStream.Telemetry;

/// <summary>
/// The service's spans: one per input record (a consumer span that continues the record's W3C
/// traceparent, or starts a trace), and one per delivery attempt (a producer span for a Kafka
/// callback, a client span for a webhook POST, under which HttpClient's own span sits). Attempts
/// hang under the record's span through every retry, because the retry record carries the record
/// span's traceparent. Off unless traces are exported (or Telemetry:Traces=true): then nothing is
/// created and every header carries the input's traceparent unchanged.
/// </summary>
internal sealed class StatusTracing(TelemetryExport export)
{
    public const string SourceName = "StatusStream";

    private static readonly ActivitySource Source = new(SourceName);

    public bool Enabled { get; } = export.Traces;

    /// <summary>The span of one input record; Activity.Current while the record is processed. Dispose it at the end.</summary>
    /// <param name="traceParent">The input's traceparent, already checked against its grammar at intake (or null).</param>
    /// <param name="traceState">The input's tracestate, checked likewise; kept on the span, so a span-made header carries it on.</param>
    public Activity? StartRecord(string topic, int partition, long offset, string? traceParent, string? traceState = null)
    {
        if (!Enabled || !Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"process {topic}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.Kafka);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag(TelemetryTags.DestinationName, topic);
            activity.SetTag(TelemetryTags.PartitionId, partition);
            activity.SetTag("messaging.kafka.offset", offset);
        }

        return activity;
    }

    /// <summary>
    /// A delivery attempt's span, child of <paramref name="traceParent"/>. Not left as Activity.Current
    /// unless <paramref name="makeCurrent"/>: a Kafka attempt ends on the delivery-report thread.
    /// </summary>
    /// <param name="destination">A topic, or a webhook endpoint's name: never a URL (it may hold a query string).</param>
    /// <param name="messageId">The attempt's message id (a status id), computed only when a span is recorded: most runs trace nothing.</param>
    public Activity? StartAttempt<TItem>(string routeKind, string destination, TItem item, Func<TItem, string> messageId, int attempt, string? traceParent, bool makeCurrent)
    {
        if (!Enabled || !Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = routeKind == "kafka"
            ? Source.StartActivity("send callback", ActivityKind.Producer, parent)
            : Source.StartActivity("deliver webhook", ActivityKind.Client, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.RouteKind, routeKind);
            activity.SetTag(routeKind == "kafka" ? TelemetryTags.DestinationName : TelemetryTags.WebhookEndpoint, destination);
            activity.SetTag("messaging.message.id", messageId(item));
            activity.SetTag("statusstream.attempt", attempt);
            if (routeKind == "kafka")
            {
                activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.Kafka);
                activity.SetTag("messaging.operation.type", "send");
            }
        }

        if (!makeCurrent)
        {
            Activity.Current = previous;
        }

        return activity;
    }

    /// <summary>Ends an attempt's span, on whatever thread the outcome arrived, leaving that thread's current span as it was.</summary>
    public static void End(Activity? activity, string? error)
    {
        if (activity is null)
        {
            return;
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }

        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
