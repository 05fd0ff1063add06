using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Retry;

/// <summary>
/// A status or a received text message parked on the retry topic: its record as it would be delivered (key, value,
/// recipient, status-id or message-id, one traceparent) plus what kind it is, where it came from, which attempt is
/// next, when it is due and the bounded history of what failed. Everything the retry consumer needs is in the record,
/// so a restarted or rebalanced consumer continues where the last one stopped.
/// </summary>
internal sealed record RetryRecord(OutboundStatus Outbound, DateTimeOffset DueAt)
{
    /// <summary>The record that parks <paramref name="outbound"/> for its <paramref name="next"/> attempt.</summary>
    /// <param name="group">The parking processor's Kafka:GroupId: its retry consumer, and no other group's, delivers the record.</param>
    public static Message<byte[], byte[]> Build(OutboundStatus outbound, DeliveryAttempt next, DateTimeOffset dueAt, string group)
    {
        var message = OutboundRecord.Build(outbound);
        var headers = message.Headers;
        HeaderText.Add(headers, RetryHeaders.Group, group);
        OutboundRecord.WriteKind(headers, outbound);
        OriginHeaders.Write(headers, outbound.Origin);
        HeaderText.Add(headers, RetryHeaders.Attempt, next.Number.ToString(CultureInfo.InvariantCulture));
        HeaderText.Add(headers, RetryHeaders.DueAt, Timestamp(dueAt));
        if (next.FirstFailureAt is { } firstFailure)
        {
            HeaderText.Add(headers, FailureHeaders.FirstFailureAt, Timestamp(firstFailure));
        }

        if (next.History.Attempts.Count > 0)
        {
            var last = next.History.Attempts[^1];
            HeaderText.Add(headers, FailureHeaders.ErrorClass, FailureClassNames.Name(last.Class));
            HeaderText.Add(headers, FailureHeaders.ErrorMessage, last.Error);
        }

        HeaderText.Add(headers, FailureHeaders.History, next.History.ToHeaderValue());
        StatusDetailsHeader.Write(headers, outbound.Details);
        HeaderText.Add(headers, RetryHeaders.CallbackType, CallbackTypeName(outbound.Callback.Type));
        HeaderText.Add(headers, RetryHeaders.CallbackTarget, outbound.Callback.Target);
        return message;
    }

    /// <summary>
    /// A held record written back to the retry topic: the same key, value and headers (due time, attempt, history, target),
    /// so it is the same retry, only later in the topic. It is stamped with <paramref name="group"/> (the reading
    /// processor's Kafka:GroupId, which delivers it), also when it named a former group or none: a copy without a group
    /// would be delivered, and re-parked, by every group sharing the topic, each copy again by each. No timestamp is
    /// carried over, so the broker gives the copy a new one and time-based retention counts from the re-park.
    /// </summary>
    public static Message<byte[], byte[]> Reparked(Message<byte[], byte[]> record, string group)
    {
        var headers = new Headers();
        foreach (var header in record.Headers ?? [])
        {
            if (header.Key != RetryHeaders.Group)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        HeaderText.Add(headers, RetryHeaders.Group, group);
        return new Message<byte[], byte[]> { Key = record.Key, Value = record.Value, Headers = headers };
    }

    /// <summary>
    /// Reads a retry-topic record back into a status to deliver. A record missing its origin
    /// headers names the retry record itself as its origin; anything else missing makes it unreadable.
    /// </summary>
    public static bool TryRead(ConsumeResult<byte[], byte[]> record, OutputAcknowledgement acknowledgement, out RetryRecord? parked, out string problem)
    {
        parked = null;
        var headers = record.Message.Headers;
        if (!HeaderText.TryGet(headers, RetryHeaders.CallbackType, out var typeText) || ParseCallbackType(typeText) is not { } type)
        {
            problem = $"header {RetryHeaders.CallbackType} is missing or not kafka/webhook";
            return false;
        }

        if (!HeaderText.TryGet(headers, RetryHeaders.CallbackTarget, out var target)
            || (type == CallbackType.Kafka && !CallbackTopicName.IsValid(target)))
        {
            problem = $"header {RetryHeaders.CallbackTarget} is missing or not a valid {typeText} target";
            return false;
        }

        if (!HeaderText.TryGet(headers, RetryHeaders.Attempt, out var attemptText)
            || !int.TryParse(attemptText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            problem = $"header {RetryHeaders.Attempt} is missing or not a positive number";
            return false;
        }

        if (!HeaderText.TryGet(headers, RetryHeaders.DueAt, out var dueText) || !TryParseTimestamp(dueText, out var dueAt))
        {
            problem = $"header {RetryHeaders.DueAt} is missing or not an RFC 3339 time";
            return false;
        }

        if (!TryReadItem(record, out var status, out var messageId, out problem))
        {
            return false;
        }

        DateTimeOffset? firstFailure = HeaderText.TryGet(headers, FailureHeaders.FirstFailureAt, out var firstText) && TryParseTimestamp(firstText, out var first)
            ? first
            : null;
        var history = FailureHistory.Parse(HeaderText.GetOrNull(headers, FailureHeaders.History));
        if (!OriginHeaders.TryRead(headers, out var origin))
        {
            origin = InputOrigin.Of(record);
        }

        Guid? subscription = HeaderText.TryGet(headers, StatusHeaders.SubscriptionId, out var subscriptionText) && Guid.TryParse(subscriptionText, out var id)
            ? id
            : null;
        var outbound = new OutboundStatus(status, record.Message.Value, new StatusCallback(type, target, subscription), origin,
            HeaderText.GetOrNull(headers, StatusHeaders.TraceParent), acknowledgement)
        {
            Attempt = new DeliveryAttempt(attempt, firstFailure, history),
            InboundMessageId = messageId?.ToString("D"),
        };
        parked = new RetryRecord(outbound, dueAt);
        problem = "";
        return true;
    }

    /// <summary>
    /// The item by its kind header: a status from its JSON value (and details header), or a received text message
    /// from its message-id header, its value kept as it is (it already is the body every transport sends).
    /// </summary>
    private static bool TryReadItem(ConsumeResult<byte[], byte[]> record, out NotificationStatus? status, out Guid? messageId, out string problem)
    {
        status = null;
        messageId = null;
        var headers = record.Message.Headers;
        var kind = HeaderText.GetOrNull(headers, InboundMessageHeaders.Kind);
        if (kind == InboundMessageHeaders.InboundMessageKind)
        {
            if (!HeaderText.TryGet(headers, InboundMessageHeaders.MessageId, out var idText) || !Guid.TryParseExact(idText, "D", out var id))
            {
                problem = $"header {InboundMessageHeaders.MessageId} is missing or not a uuid";
                return false;
            }

            // The value is spliced into a hal envelope as it is: an edited or damaged one (a replayed dead letter) must
            // not become a malformed, signed request. Only its shape is checked: the text is personal data, never echoed.
            if (!IsJsonObject(record.Message.Value))
            {
                problem = "the value of an inbound-message record is not a JSON object";
                return false;
            }

            messageId = id;
            problem = "";
            return true;
        }

        if (kind is not null)
        {
            problem = $"header {InboundMessageHeaders.Kind} is '{kind}', which this version does not know";
            return false;
        }

        try
        {
            status = NotificationStatusJson.Deserialize(record.Message.Value) with { Details = StatusDetailsHeader.Read(headers) };
        }
        catch (FormatException e)
        {
            problem = e.Message;
            return false;
        }

        problem = "";
        return true;
    }

    /// <summary>RFC 3339 in UTC at full precision, so a due time read back is never earlier than the one written.</summary>
    public static string Timestamp(DateTimeOffset time) => FailureHeaders.Timestamp(time);

    internal static bool TryParseTimestamp(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    private static string CallbackTypeName(CallbackType type) => type == CallbackType.Kafka ? "kafka" : "webhook";

    private static CallbackType? ParseCallbackType(string text) => text switch
    {
        "kafka" => CallbackType.Kafka,
        "webhook" => CallbackType.Webhook,
        _ => null,
    };

    private static bool IsJsonObject(byte[]? value)
    {
        if (value is null || value.Length == 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(value);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read(); // nothing after the object
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
