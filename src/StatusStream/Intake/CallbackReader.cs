using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// Reads an event's callback: type kafka with a target of the form &lt;namespace&gt;.&lt;service&gt;-callback
/// (<see cref="CallbackTopicName"/>), or type webhook with a target of the <see cref="WebhookUrl"/> grammar.
/// </summary>
internal static class CallbackReader
{
    /// <summary>
    /// The callbacks read before on this thread, by target, bounded like <see cref="RepeatedText"/>: most events name
    /// a callback seen before, and a webhook URL's checks parse the URL, so a known one is neither checked nor built again.
    /// </summary>
    [ThreadStatic]
    private static Dictionary<string, StatusCallback>? t_known;

    /// <summary>
    /// The callback of this thread's last event: a sender's events name the same target one after another, which
    /// <see cref="RepeatedText"/> gives as the same string, so a reference compare finds it without hashing the target.
    /// </summary>
    [ThreadStatic]
    private static StatusCallback? t_last;

    public static InvalidInput? Read(ref Utf8JsonReader reader, out StatusCallback? callback)
    {
        callback = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return InvalidInput.SchemaViolation($"callback: expected an object, found {DetailText.Describe(reader.TokenType)}");
        }

        var seen = CallbackProperties.None;
        var type = CallbackType.Kafka;
        string? target = null;
        var targetIsText = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            if (property == CallbackProperties.None)
            {
                return InvalidInput.SchemaViolation($"callback: unknown property {DetailText.EchoToken(ref reader)} (allowed: type, target)");
            }

            var name = property == CallbackProperties.Type ? "type" : "target";
            if ((seen & property) != 0)
            {
                return InvalidInput.SchemaViolation($"callback.{name}: occurs twice");
            }

            seen |= property;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                return InvalidInput.SchemaViolation($"callback.{name}: expected a string, found {DetailText.Describe(reader.TokenType)}");
            }

            if (property == CallbackProperties.Type)
            {
                var problem = ReadType(ref reader, out type);
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
            {
                // Both target grammars are ASCII only; whether it is a bad target is decided once the type is known.
                targetIsText = false;
                target = string.Empty;
            }
            else
            {
                target = RepeatedText.Read(ref reader);
            }
        }

        if ((seen & CallbackProperties.Type) == 0)
        {
            return InvalidInput.SchemaViolation("callback.type: required (kafka or webhook)");
        }

        if (target is null)
        {
            return InvalidInput.SchemaViolation("callback.target: required");
        }

        // A target seen before was valid then, and validity depends on nothing else: the same callback serves again.
        if (targetIsText && t_last is { } last && ReferenceEquals(last.Target, target) && last.Type == type)
        {
            callback = last;
            return null;
        }

        var known = t_known ??= new Dictionary<string, StatusCallback>(StringComparer.Ordinal);
        if (targetIsText && known.TryGetValue(target, out var before) && before.Type == type)
        {
            callback = before;
            t_last = before;
            return null;
        }

        if (type == CallbackType.Kafka)
        {
            if (!targetIsText || !CallbackTopicName.IsValid(target))
            {
                var shown = targetIsText ? DetailText.Echo(target) : "the value";
                return InvalidInput.BadCallbackTarget($"callback.target: {shown} is not a Kafka callback topic <namespace>.<service>-callback (namespace and service: lower-case DNS labels)");
            }
        }
        else
        {
            // Never echoed: a webhook URL may carry a secret in its path or query.
            var problem = targetIsText ? WebhookUrl.Problem(target) : "contains a string that is not valid Unicode";
            if (problem is not null)
            {
                return InvalidInput.BadCallbackTarget($"callback.target: not a webhook URL: {problem}");
            }
        }

        callback = new StatusCallback(type, target);
        if (known.Count == RepeatedText.Capacity)
        {
            known.Clear();
        }

        known[target] = callback;
        t_last = callback;
        return null;
    }

    private static CallbackProperties PropertyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
        {
            return CallbackProperties.None;
        }

        return reader.ValueTextEquals("type"u8) ? CallbackProperties.Type
            : reader.ValueTextEquals("target"u8) ? CallbackProperties.Target
            : CallbackProperties.None;
    }

    private static InvalidInput? ReadType(ref Utf8JsonReader reader, out CallbackType type)
    {
        type = CallbackType.Kafka;
        var decodable = !reader.ValueIsEscaped || !JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan);
        if (decodable && reader.ValueTextEquals("kafka"u8))
        {
            return null;
        }

        if (decodable && reader.ValueTextEquals("webhook"u8))
        {
            type = CallbackType.Webhook;
            return null;
        }

        var shown = decodable ? DetailText.Echo(reader.GetString()!) : "the value";
        return new InvalidInput(InvalidInputReason.UnknownCallbackType, $"callback.type: {shown} is neither kafka nor webhook");
    }
}
