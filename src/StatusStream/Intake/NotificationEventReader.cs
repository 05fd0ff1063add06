using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>
/// Decodes and validates one input record: the hot path's hand-written equivalent of
/// schemas/notification-event.schema.json (the schema agreement tests run a corpus through both and require the
/// same verdict on every document). One forward pass with <see cref="Utf8JsonReader"/>, no DOM.
/// </summary>
/// <remarks>
/// <para>Never throws (<see cref="StrictJsonInput"/>). The first problem in document order decides the reason, except
/// that a document that turns out not to be JSON further on is <see cref="InvalidInputReason.NotJson"/>: the rest is
/// scanned for syntax once a problem is found. Missing required properties, and a recipient listed twice, are noticed at the end of their
/// object.</para>
/// <para>Beyond what JSON Schema can state: strict RFC 8259 in UTF-8 (no byte-order mark, comments or trailing commas;
/// nesting at most <see cref="MaxDepth"/>); a property the schema names must not occur twice in one object (parsers
/// disagree on which copy wins), while repeated unknown top-level properties are ignored like any unknown property;
/// strings the schema names must be valid Unicode (no lone surrogate escapes); no recipient twice.</para>
/// <para>The configured <see cref="IntakeOptions"/> bound recipients, provider and error; at the defaults they are
/// the schema's maxItems and maxLength, but over them the reason is <see cref="InvalidInputReason.LimitExceeded"/>.</para>
/// <para>The grammars live in their own types (<see cref="CanonicalUuid"/>, <see cref="Rfc3339"/>,
/// <see cref="WebhookUrl"/>), the nested objects in <see cref="RecipientsReader"/>, <see cref="CallbackReader"/> and <see cref="SourceReader"/>.
/// Details name the field and the rule and echo at most <see cref="DetailText.MaxEchoedChars"/> characters of input,
/// and never a webhook URL, which may carry a secret in its path or query.</para>
/// </remarks>
internal static class NotificationEventReader
{
    /// <summary>Deepest nesting accepted, the same as System.Text.Json's default.</summary>
    public const int MaxDepth = 64;

    /// <summary>The schema's bound on reference, the sender's own reference for the notification.</summary>
    public const int MaxReferenceLength = 256;

    private static readonly IntakeOptions DefaultLimits = new();

    /// <summary>Reads with the default <see cref="IntakeOptions"/>, the bounds the schema files state.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out NotificationEvent? notification,
        [NotNullWhen(false)] out InvalidInput? invalid) =>
        TryRead(utf8Json, DefaultLimits, out notification, out invalid);

    public static bool TryRead(
        ReadOnlySpan<byte> utf8Json,
        IntakeOptions limits,
        [NotNullWhen(true)] out NotificationEvent? notification,
        [NotNullWhen(false)] out InvalidInput? invalid)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return StrictJsonInput.TryRead(utf8Json, limits, ReadEvent, "a notification event", out notification, out invalid);
    }

    private static InvalidInput? ReadEvent(ref Utf8JsonReader reader, IntakeOptions limits, out NotificationEvent? notification)
    {
        notification = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return InvalidInput.SchemaViolation($"(root): expected an object, found {DetailText.Describe(reader.TokenType)}");
        }

        var seen = EventProperties.None;
        var eventId = Guid.Empty;
        string? provider = null;
        RecipientOutcome[]? recipients = null;
        StatusCallback? callback = null;
        EventSource? source = null;
        DateTimeOffset? occurredAt = null;
        string? reference = null;
        string? notificationType = null;
        DateTimeOffset? createdAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            if (property == EventProperties.None)
            {
                // Unknown top-level properties are allowed (producers evolve); their content is only checked as JSON.
                reader.Skip();
                continue;
            }

            if ((seen & property) != 0)
            {
                return InvalidInput.SchemaViolation($"{NameOf(property)}: occurs twice");
            }

            seen |= property;
            reader.Read();
            var problem = property switch
            {
                EventProperties.EventId => ReadEventId(ref reader, out eventId),
                EventProperties.Provider => ReadProvider(ref reader, limits, out provider),
                EventProperties.Recipients => RecipientsReader.Read(ref reader, limits, out recipients),
                EventProperties.Callback => CallbackReader.Read(ref reader, out callback),
                EventProperties.Source => SourceReader.Read(ref reader, out source),
                EventProperties.OccurredAt => JsonFields.ReadOptionalDateTime(ref reader, "occurred_at", out occurredAt),
                EventProperties.Reference => JsonFields.ReadOptionalText(ref reader, "reference", MaxReferenceLength, out reference),
                EventProperties.NotificationType => ReadNotificationType(ref reader, out notificationType),
                _ => JsonFields.ReadOptionalDateTime(ref reader, "created_at", out createdAt),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        foreach (var required in (ReadOnlySpan<EventProperties>)[EventProperties.EventId, EventProperties.Provider, EventProperties.Recipients, EventProperties.Callback])
        {
            if ((seen & required) == 0)
            {
                return InvalidInput.SchemaViolation($"{NameOf(required)}: required");
            }
        }

        notification = new NotificationEvent(eventId, provider!, recipients!, callback!, source, occurredAt, reference, notificationType, createdAt);
        return null;
    }

    private static EventProperties PropertyOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            // The usual name, written plainly: told by its length and compared only with the names of that length,
            // rather than tried against each name in turn (with its escaping checked every time).
            var name = reader.ValueSpan;
            return name.Length switch
            {
                8 when name.SequenceEqual("event_id"u8) => EventProperties.EventId,
                8 when name.SequenceEqual("provider"u8) => EventProperties.Provider,
                10 when name.SequenceEqual("recipients"u8) => EventProperties.Recipients,
                8 when name.SequenceEqual("callback"u8) => EventProperties.Callback,
                6 when name.SequenceEqual("source"u8) => EventProperties.Source,
                11 when name.SequenceEqual("occurred_at"u8) => EventProperties.OccurredAt,
                9 when name.SequenceEqual("reference"u8) => EventProperties.Reference,
                17 when name.SequenceEqual("notification_type"u8) => EventProperties.NotificationType,
                10 when name.SequenceEqual("created_at"u8) => EventProperties.CreatedAt,
                _ => EventProperties.None,
            };
        }

        // Known names are ASCII; a name escaping a lone surrogate cannot be one of them, and comparing it would throw.
        if (JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
        {
            return EventProperties.None;
        }

        return reader.ValueTextEquals("event_id"u8) ? EventProperties.EventId
            : reader.ValueTextEquals("provider"u8) ? EventProperties.Provider
            : reader.ValueTextEquals("recipients"u8) ? EventProperties.Recipients
            : reader.ValueTextEquals("callback"u8) ? EventProperties.Callback
            : reader.ValueTextEquals("source"u8) ? EventProperties.Source
            : reader.ValueTextEquals("occurred_at"u8) ? EventProperties.OccurredAt
            : reader.ValueTextEquals("reference"u8) ? EventProperties.Reference
            : reader.ValueTextEquals("notification_type"u8) ? EventProperties.NotificationType
            : reader.ValueTextEquals("created_at"u8) ? EventProperties.CreatedAt
            : EventProperties.None;
    }

    private static string NameOf(EventProperties property) => property switch
    {
        EventProperties.EventId => "event_id",
        EventProperties.Provider => "provider",
        EventProperties.Recipients => "recipients",
        EventProperties.Callback => "callback",
        EventProperties.Source => "source",
        EventProperties.OccurredAt => "occurred_at",
        EventProperties.Reference => "reference",
        EventProperties.NotificationType => "notification_type",
        _ => "created_at",
    };

    private static InvalidInput? ReadEventId(ref Utf8JsonReader reader, out Guid eventId)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            eventId = Guid.Empty;
            return InvalidInput.SchemaViolation($"event_id: expected a uuid string, found {DetailText.Describe(reader.TokenType)}");
        }

        return CanonicalUuid.TryRead(ref reader, out eventId) ? null : InvalidInput.BadUuid("event_id: not a uuid (8-4-4-4-12 hex digits)");
    }

    private static InvalidInput? ReadProvider(ref Utf8JsonReader reader, IntakeOptions limits, out string? provider)
    {
        var problem = JsonFields.ReadLimitedString(ref reader, "provider", limits.MaxProviderLength, nameof(IntakeOptions.MaxProviderLength), repeats: true, out provider);
        if (problem is null && provider!.Length == 0)
        {
            provider = null;
            return InvalidInput.SchemaViolation("provider: must not be empty");
        }

        return problem;
    }

    private static InvalidInput? ReadNotificationType(ref Utf8JsonReader reader, out string? notificationType)
    {
        notificationType = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !(reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan)))
        {
            notificationType = reader.ValueTextEquals("email"u8) ? NotificationTypes.Email
                : reader.ValueTextEquals("sms"u8) ? NotificationTypes.Sms
                : reader.ValueTextEquals("letter"u8) ? NotificationTypes.Letter
                : null;
            if (notificationType is not null)
            {
                return null;
            }
        }

        var found = reader.TokenType == JsonTokenType.String ? DetailText.EchoToken(ref reader) : DetailText.Describe(reader.TokenType);
        return InvalidInput.SchemaViolation($"notification_type: {found} is not email, sms, letter or null");
    }
}
