using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>
/// Decodes and validates one record of the inbound topic: the hand-written equivalent of
/// schemas/inbound-message.schema.json (the inbound agreement tests run a corpus and random mutations through both
/// and require the same verdict). One forward pass with <see cref="Utf8JsonReader"/>, no DOM, the same strict JSON
/// rules as <see cref="NotificationEventReader"/>, and the same grammars (<see cref="CanonicalUuid"/>,
/// <see cref="Rfc3339"/>, <see cref="CallbackReader"/>, <see cref="SourceReader"/>).
/// </summary>
/// <remarks>
/// Never throws. source_number, destination_number and message are personal data: a detail names the field and the
/// rule it breaks, never its value (the detail becomes a dead-letter header and a log field). Unknown top-level
/// properties are skipped unread, so nothing of them is echoed either.
/// </remarks>
internal static class InboundMessageReader
{
    /// <summary>The schema's bound on each phone number.</summary>
    public const int MaxNumberLength = 64;

    /// <summary>The schema's bound on the text: a long concatenated SMS is well under it.</summary>
    public const int MaxMessageLength = 4096;

    public static bool TryRead(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out InboundMessage? message,
        [NotNullWhen(false)] out InvalidInput? invalid) =>
        StrictJsonInput.TryRead(utf8Json, 0, static (ref Utf8JsonReader reader, int _, out InboundMessage? read) => ReadMessage(ref reader, out read),
            "an inbound message", out message, out invalid);

    private static InvalidInput? ReadMessage(ref Utf8JsonReader reader, out InboundMessage? message)
    {
        message = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return InvalidInput.SchemaViolation($"(root): expected an object, found {DetailText.Describe(reader.TokenType)}");
        }

        var seen = InboundMessageProperties.None;
        var id = Guid.Empty;
        string? sourceNumber = null;
        string? destinationNumber = null;
        string? text = null;
        var dateReceived = default(DateTimeOffset);
        StatusCallback? callback = null;
        EventSource? source = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            if (property == InboundMessageProperties.None)
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
                InboundMessageProperties.Id => ReadId(ref reader, out id),
                InboundMessageProperties.SourceNumber => JsonFields.ReadBoundedText(ref reader, "source_number", 1, MaxNumberLength, out sourceNumber),
                InboundMessageProperties.DestinationNumber => JsonFields.ReadBoundedText(ref reader, "destination_number", 1, MaxNumberLength, out destinationNumber),
                InboundMessageProperties.Message => JsonFields.ReadBoundedText(ref reader, "message", 0, MaxMessageLength, out text),
                InboundMessageProperties.DateReceived => JsonFields.ReadDateTime(ref reader, "date_received", out dateReceived),
                InboundMessageProperties.Callback => CallbackReader.Read(ref reader, out callback),
                _ => SourceReader.Read(ref reader, out source),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        foreach (var required in (ReadOnlySpan<InboundMessageProperties>)[
            InboundMessageProperties.Id, InboundMessageProperties.SourceNumber, InboundMessageProperties.DestinationNumber,
            InboundMessageProperties.Message, InboundMessageProperties.DateReceived, InboundMessageProperties.Callback])
        {
            if ((seen & required) == 0)
            {
                return InvalidInput.SchemaViolation($"{NameOf(required)}: required");
            }
        }

        message = new InboundMessage(id, sourceNumber!, destinationNumber!, text!, dateReceived, callback!, source);
        return null;
    }

    private static InboundMessageProperties PropertyOf(ref Utf8JsonReader reader)
    {
        // Known names are ASCII; a name escaping a lone surrogate cannot be one of them, and comparing it would throw.
        if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
        {
            return InboundMessageProperties.None;
        }

        return reader.ValueTextEquals("id"u8) ? InboundMessageProperties.Id
            : reader.ValueTextEquals("source_number"u8) ? InboundMessageProperties.SourceNumber
            : reader.ValueTextEquals("destination_number"u8) ? InboundMessageProperties.DestinationNumber
            : reader.ValueTextEquals("message"u8) ? InboundMessageProperties.Message
            : reader.ValueTextEquals("date_received"u8) ? InboundMessageProperties.DateReceived
            : reader.ValueTextEquals("callback"u8) ? InboundMessageProperties.Callback
            : reader.ValueTextEquals("source"u8) ? InboundMessageProperties.Source
            : InboundMessageProperties.None;
    }

    private static string NameOf(InboundMessageProperties property) => property switch
    {
        InboundMessageProperties.Id => "id",
        InboundMessageProperties.SourceNumber => "source_number",
        InboundMessageProperties.DestinationNumber => "destination_number",
        InboundMessageProperties.Message => "message",
        InboundMessageProperties.DateReceived => "date_received",
        InboundMessageProperties.Callback => "callback",
        _ => "source",
    };

    private static InvalidInput? ReadId(ref Utf8JsonReader reader, out Guid id)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            id = Guid.Empty;
            return InvalidInput.SchemaViolation($"id: expected a uuid string, found {DetailText.Describe(reader.TokenType)}");
        }

        return CanonicalUuid.TryRead(ref reader, out id) ? null : InvalidInput.BadUuid("id: not a uuid (8-4-4-4-12 hex digits)");
    }
}
