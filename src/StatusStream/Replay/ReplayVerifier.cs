using System.Globalization;
using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Serialization;

namespace StatusStream.Replay;

/// <summary>
/// Decides what `dlq replay` sends for one dead letter, trusting none of its headers: anyone who may write the
/// dead-letter topic can write any of them. A dead letter only points at its original input record
/// (statusstream.original.*), which must be on a topic this configuration reads; everything sent is derived from that
/// record as the processor derives it: an intake dead letter goes back as that record, a delivery dead letter as the
/// status (or received message) the record gives, to a target the record's routing gives it today.
/// </summary>
/// <remarks>
/// What the dead letter still says is checked against the derivation, never copied: its status-id or message-id picks
/// the item, its subscription-id picks a subscription that must take that item now (namespace, filter, still live), its
/// target must be the one the record names, its group must be this configuration's. A traceparent comes from the
/// original record only, and only if it is a valid W3C trace context. Anything else is not replayable, with the reason.
/// </remarks>
internal sealed class ReplayVerifier(KafkaOptions kafka, FanOutAdmission admission, CallbackTargets targets, InputTopicNamespaces namespaces)
{
    private readonly HashSet<string> _inputTopics = new(kafka.InputTopicList.Append(kafka.InboundTopic.Trim()), StringComparer.Ordinal);
    private readonly HashSet<string> _groups = new(
        kafka.FormerGroupIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append(kafka.GroupId), StringComparer.Ordinal);

    private readonly string _inboundTopic = kafka.InboundTopic.Trim();

    /// <summary>Whether a dead letter's original topic is one a replay may read from and send to: an input topic of this configuration.</summary>
    public bool IsInputTopic(string topic) => _inputTopics.Contains(topic);

    /// <summary>The record that replays <paramref name="deadLetter"/>, or null with why it is not replayable (<paramref name="why"/>).</summary>
    /// <param name="chainRoot">The first dead letter of its chain: what statusstream.replay-of carries.</param>
    public (string Topic, Message<byte[], byte[]> Message)? Verify(DeadLetter deadLetter, OriginalRecords originals, string chainRoot, DateTimeOffset now,
        out string why)
    {
        if (deadLetter.Stage is not (DeadLetterHeaders.StageIntake or DeadLetterHeaders.StageDelivery))
        {
            why = $"unknown stage {DetailText.Echo(deadLetter.Stage)}";
            return null;
        }

        if (deadLetter.Stage == DeadLetterHeaders.StageDelivery
            && deadLetter.Reason is SourceNamespacePolicy.SourceRequiredReason or SourceNamespacePolicy.ForeignNamespaceReason)
        {
            why = "Routing:TargetPolicy refused its target, and a replay would deliver there all the same; the sender can send the event again from its own namespace";
            return null;
        }

        if (deadLetter.OriginalTopic is null)
        {
            why = "no original topic header";
            return null;
        }

        if (!IsInputTopic(deadLetter.OriginalTopic))
        {
            why = $"its original topic {DetailText.Echo(deadLetter.OriginalTopic)} is not one of Kafka:InputTopics or Kafka:InboundTopic: "
                + "a replay sends only what it can read back from an input topic of this configuration";
            return null;
        }

        if (originals.Of(deadLetter, out var problem) is not { } original)
        {
            why = problem;
            return null;
        }

        var topic = deadLetter.OriginalTopic;
        // The original's trace context as intake checks it: a forged or malformed one on either record is never carried.
        var trace = InputTraceContext.Read(new ConsumeResult<byte[], byte[]> { Message = original }, drops: null);
        return deadLetter.Stage == DeadLetterHeaders.StageIntake
            ? Intake(deadLetter, original, topic, trace, chainRoot, out why)
            : Delivery(deadLetter, original, topic, trace, chainRoot, now, out why);
    }

    private static (string, Message<byte[], byte[]>)? Intake(DeadLetter deadLetter, Message<byte[], byte[]> original, string topic, InputTraceContext trace,
        string chainRoot, out string why)
    {
        // The same record: a topic made again has other records at those offsets.
        if (!deadLetter.Message.Value.AsSpan().SequenceEqual(original.Value))
        {
            why = $"its original record ({topic}@{deadLetter.OriginalOffset}) is not the record it holds";
            return null;
        }

        var headers = new Headers();
        foreach (var (name, value) in new[] { (StatusHeaders.TraceParent, trace.TraceParent), (StatusHeaders.TraceState, trace.TraceState), (StatusHeaders.Baggage, trace.Baggage) })
        {
            if (value is not null)
            {
                HeaderText.Add(headers, name, value);
            }
        }

        HeaderText.Add(headers, RetryHeaders.ReplayOf, chainRoot);
        why = "";
        return (topic, new Message<byte[], byte[]> { Key = original.Key, Value = original.Value, Headers = headers });
    }

    private (string, Message<byte[], byte[]>)? Delivery(DeadLetter deadLetter, Message<byte[], byte[]> original, string topic, InputTraceContext trace,
        string chainRoot, DateTimeOffset now, out string why)
    {
        var group = HeaderText.GetOrNull(deadLetter.Message.Headers, RetryHeaders.Group) ?? kafka.GroupId;
        if (!_groups.Contains(group))
        {
            why = $"it was dead-lettered by group {DetailText.Echo(group)}, not Kafka:GroupId or Kafka:FormerGroupIds of this configuration: replay it with that group's settings";
            return null;
        }

        Guid? subscription = null;
        if (HeaderText.GetOrNull(deadLetter.Message.Headers, StatusHeaders.SubscriptionId) is { } subscriptionText)
        {
            if (!Guid.TryParse(subscriptionText, out var id))
            {
                why = "its subscription-id is not a uuid";
                return null;
            }

            subscription = id;
        }

        if (!int.TryParse(deadLetter.OriginalPartition, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !long.TryParse(deadLetter.OriginalOffset, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            why = "it names no original record";
            return null;
        }

        var origin = new InputOrigin(topic, partition, offset, original.Timestamp.UtcDateTime) { TrustedNamespace = namespaces.Of(topic) };
        ConfluentWireFormat.TryRead(original.Value, out _, out var json);
        var outbound = string.Equals(topic, _inboundTopic, StringComparison.Ordinal)
            ? InboundMessageOf(deadLetter, json, origin, trace, subscription, out why)
            : StatusOf(deadLetter, json, origin, trace, subscription, out why);
        if (outbound is null)
        {
            return null;
        }

        var history = FailureHistory.Parse(HeaderText.GetOrNull(deadLetter.Message.Headers, FailureHeaders.History));
        var message = RetryRecord.Build(outbound, new DeliveryAttempt(1, null, history), now, group);
        HeaderText.Add(message.Headers, RetryHeaders.ReplayOf, chainRoot);
        return (kafka.RetryTopic, message);
    }

    private OutboundStatus? StatusOf(DeadLetter deadLetter, ReadOnlySpan<byte> json, InputOrigin origin, InputTraceContext trace, Guid? subscription, out string why)
    {
        if (!admission.TryAdmit(json, trace.HeaderBytes, out var notification, out _))
        {
            why = $"its original record ({origin.Topic}@{origin.Offset}) is not an event this configuration accepts";
            return null;
        }

        var status = StatusExpander.Expand(notification).FirstOrDefault(s => string.Equals(s.StatusId, deadLetter.StatusId, StringComparison.Ordinal));
        if (status is null)
        {
            why = $"its original record ({origin.Topic}@{origin.Offset}) has no status {DetailText.Echo(deadLetter.StatusId ?? "")}";
            return null;
        }

        if (TargetOf(deadLetter, targets.Resolve(notification, origin.TrustedNamespace), status, subscription, out why) is not { } callback)
        {
            return null;
        }

        // Never acknowledged: it only shapes the retry record.
        return new OutboundStatus(status, payload: null, callback, origin, trace.TraceParent, acknowledgement: null!)
        {
            TraceState = trace.TraceState,
            Baggage = trace.Baggage,
        };
    }

    private OutboundStatus? InboundMessageOf(DeadLetter deadLetter, ReadOnlySpan<byte> json, InputOrigin origin, InputTraceContext trace, Guid? subscription,
        out string why)
    {
        if (!InboundMessageReader.TryRead(json, out var message, out _) || !string.Equals(message.Id.ToString("D"), deadLetter.StatusId, StringComparison.Ordinal))
        {
            why = $"its original record ({origin.Topic}@{origin.Offset}) is not the received message {DetailText.Echo(deadLetter.StatusId ?? "")}";
            return null;
        }

        if (TargetOf(deadLetter, targets.Resolve(message, origin.TrustedNamespace), status: null, subscription, out why) is not { } callback)
        {
            return null;
        }

        return OutboundStatus.ForInboundMessage(message.Id, InboundMessageJson.Serialize(message), callback, origin, trace.TraceParent, acknowledgement: null!,
            trace.TraceState, trace.Baggage);
    }

    /// <summary>The target the original record's routing gives the item today that the dead letter names; null with why when there is none.</summary>
    private static StatusCallback? TargetOf(DeadLetter deadLetter, IReadOnlyList<ResolvedTarget> resolved, NotificationStatus? status, Guid? subscription,
        out string why)
    {
        if (subscription is { } id)
        {
            foreach (var target in resolved)
            {
                if (target.Callback.Subscription == id && target.Refusal is null && (status is null || target.Takes(status, takenSoFar: 0)))
                {
                    why = "";
                    return target.Callback;
                }
            }

            why = $"subscription {id:D} does not take this item of its original record now (another namespace's, a filter it does not pass, ended, "
                + "or Subscriptions is not enabled in this configuration)";
            return null;
        }

        var own = resolved[0];
        if (own.Refusal is { } refusal)
        {
            why = $"the routing of its original record refuses its target now ({refusal.Reason})";
            return null;
        }

        var typeName = own.Callback.Type == CallbackType.Webhook ? "webhook" : "kafka";
        var same = deadLetter.TargetType == typeName && deadLetter.Target is { } shown
            && (own.Callback.Type == CallbackType.Kafka ? string.Equals(own.Callback.Target, shown, StringComparison.Ordinal) : Shows(own.Callback.Target, shown));
        why = same ? "" : "its original record names another callback than the dead letter does";
        return same ? own.Callback : null;
    }

    // The dead letter's form now (scheme, host and port), or the one dead letters had before 2026-12-02 (with the path).
    private static bool Shows(string url, string shown) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (string.Equals(WebhookUrl.Display(uri), shown, StringComparison.Ordinal)
            || string.Equals(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped), shown, StringComparison.Ordinal));
}
