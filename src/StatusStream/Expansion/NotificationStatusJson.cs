using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StatusStream.Intake;

namespace StatusStream.Expansion;

/// <summary>
/// The wire form of <see cref="NotificationStatus"/>, exactly schemas/notification-status.schema.json:
/// <c>{"event_id":"…","recipient":"…","success":true,"error":"","provider":"…"}</c> in that order, uuids in lower case.
/// </summary>
internal static class NotificationStatusJson
{
    // Large error texts grow the per-thread buffer; past this it is dropped after use rather than kept for ever.
    private const int MaxRetainedBufferBytes = 64 * 1024;
    private const int InitialBufferBytes = 256;
    private const int MaxBytesPerChar = 6;
    private const int UuidLength = 36;

    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText RecipientName = JsonEncodedText.Encode("recipient");
    private static readonly JsonEncodedText SuccessName = JsonEncodedText.Encode("success");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText ProviderName = JsonEncodedText.Encode("provider");

    // The default encoder writes every non-ASCII character as \uXXXX, and <, >, &, ', + too, which makes error
    // messages in other languages unreadable on the wire. The relaxed one still escapes what JSON requires; it is
    // only "unsafe" for pasting into HTML, which no receiver of a status does.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ReadOnlySpan<byte> BeforeEventId => "{\"event_id\":\""u8;

    private static ReadOnlySpan<byte> BeforeRecipient => "\",\"recipient\":\""u8;

    private static ReadOnlySpan<byte> BeforeSuccess => "\",\"success\":"u8;

    private static ReadOnlySpan<byte> BeforeError => ",\"error\":\""u8;

    private static ReadOnlySpan<byte> BeforeProvider => "\",\"provider\":\""u8;

    private static ReadOnlySpan<byte> AfterProvider => "\"}"u8;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = NotificationEventReader.MaxDepth };

    // The printable ASCII characters the writer copies as they are: a string of only these is as long on the wire as it is.
    private static readonly SearchValues<char> VerbatimAscii = SearchValues.Create(
        Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => !WriterOptions.Encoder!.WillEncode(c)).ToArray());

    // A status with "" for error and provider: what every status costs before its two strings ("false" is the longer).
    private static readonly int EmptySuccessLength = Serialize(new NotificationStatus(Guid.Empty, Guid.Empty, true, "", "")).Length;
    private static readonly int EmptyFailureLength = Serialize(new NotificationStatus(Guid.Empty, Guid.Empty, false, "", "")).Length;

    // One writer and buffer per thread: serializing then allocates only the returned array, writing nothing at all.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>UTF-8 JSON of <paramref name="status"/>; a lone surrogate in a text (which intake refuses) is written as \uFFFD.</summary>
    public static byte[] Serialize(NotificationStatus status)
    {
        var json = Write(status).ToArray();
        ClearWritten();
        return json;
    }

    /// <summary>
    /// The same bytes as <see cref="Serialize"/>, in this thread's buffer, for a caller that copies them straight on
    /// (the callback record) and would otherwise allocate an array per status. Valid until <see cref="ClearWritten"/>,
    /// which the caller calls once it has copied them, or the thread's next call.
    /// </summary>
    public static ReadOnlySpan<byte> Write(NotificationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(InitialBufferBytes);
        buffer.ResetWrittenCount();
        if (TryMeasurePlain(status, out var length))
        {
            WritePlain(status, eventIdText: default, recipientText: default, buffer.GetSpan(length)[..length]);
            buffer.Advance(length);
            return buffer.WrittenSpan;
        }

        var writer = _threadWriter;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
            _threadWriter = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        writer.WriteString(EventIdName, status.EventId);
        writer.WriteString(RecipientName, status.Recipient);
        writer.WriteBoolean(SuccessName, status.Success);
        writer.WriteString(ErrorName, status.Error);
        writer.WriteString(ProviderName, status.Provider);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>
    /// Wipes what <see cref="Write"/> left in this thread's buffer: the status may carry a recipient's error text,
    /// which must not outlive its copies. A buffer grown by a large error text is dropped, writer and all, rather than
    /// kept for ever.
    /// </summary>
    public static void ClearWritten()
    {
        if (_threadBuffer is not { } buffer)
        {
            return;
        }

        buffer.Clear();
        if (buffer.Capacity > MaxRetainedBufferBytes)
        {
            _threadBuffer = null;
            _threadWriter = null;
        }
    }

    /// <summary>Whether this thread's buffer holds <paramref name="text"/> anywhere, written or free: for the tests that check it was wiped.</summary>
    internal static bool ThreadBufferHolds(ReadOnlySpan<byte> text) =>
        _threadBuffer is { } buffer && (buffer.WrittenSpan.IndexOf(text) >= 0 || buffer.GetSpan().IndexOf(text) >= 0);

    /// <summary>
    /// Whether <paramref name="status"/> is the common case, both texts of only <see cref="VerbatimAscii"/> characters,
    /// which the writer copies as they are, and if so the exact length of its JSON. Such a status can be written by
    /// <see cref="WritePlain"/>, copying pieces straight into place: the same bytes as <see cref="Utf8JsonWriter"/>
    /// writes, without its state machine and checks (they were a tenth of the in-process path). Anything else takes the writer.
    /// </summary>
    public static bool TryMeasurePlain(NotificationStatus status, out int length)
    {
        length = 0;

        // A null text (only ever by mistake: the record's texts are not nullable) is the writer's business: it writes null.
        if (status.Error is null || status.Provider is null
            || status.Error.AsSpan().ContainsAnyExcept(VerbatimAscii) || status.Provider.AsSpan().ContainsAnyExcept(VerbatimAscii))
        {
            return false;
        }

        length = BeforeEventId.Length + UuidLength + BeforeRecipient.Length + UuidLength + BeforeSuccess.Length + SuccessText(status).Length
            + BeforeError.Length + status.Error.Length + BeforeProvider.Length + status.Provider.Length + AfterProvider.Length;
        return true;
    }

    /// <summary>
    /// Writes the JSON of a status <see cref="TryMeasurePlain"/> accepted into <paramref name="json"/>, which is exactly
    /// as long as it measured. <paramref name="eventIdText"/> and <paramref name="recipientText"/> are the 36-character
    /// "D" texts of the status's uuids when the caller has them already (the callback record's key and recipient
    /// header), copied instead of formatted again; empty spans to format them here.
    /// </summary>
    public static void WritePlain(NotificationStatus status, ReadOnlySpan<byte> eventIdText, ReadOnlySpan<byte> recipientText, Span<byte> json)
    {
        if (eventIdText.Length is not (0 or UuidLength) || recipientText.Length is not (0 or UuidLength))
        {
            throw new ArgumentException($"a uuid's text is {UuidLength} characters, or empty to format it here");
        }

        var at = Append(json, 0, BeforeEventId);
        at = eventIdText.Length == UuidLength ? Append(json, at, eventIdText) : at + FormatUuid(status.EventId, json[at..]);
        at = Append(json, at, BeforeRecipient);
        at = recipientText.Length == UuidLength ? Append(json, at, recipientText) : at + FormatUuid(status.Recipient, json[at..]);
        at = Append(json, at, BeforeSuccess);
        at = Append(json, at, SuccessText(status));
        at = Append(json, at, BeforeError);
        at += Encoding.ASCII.GetBytes(status.Error, json[at..]);
        at = Append(json, at, BeforeProvider);
        at += Encoding.ASCII.GetBytes(status.Provider, json[at..]);
        at = Append(json, at, AfterProvider);
        if (at != json.Length)
        {
            throw new ArgumentException($"the status's JSON is {at} bytes, not the {json.Length} given: measure it with TryMeasurePlain", nameof(json));
        }
    }

    private static ReadOnlySpan<byte> SuccessText(NotificationStatus status) => status.Success ? "true"u8 : "false"u8;

    private static int Append(Span<byte> json, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(json[at..]);
        return at + text.Length;
    }

    private static int FormatUuid(Guid value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, "D") && written == UuidLength ? written : throw new InvalidOperationException("a uuid formats as 36 characters");

    /// <summary>
    /// The bytes <see cref="Serialize"/> writes for all statuses <see cref="StatusExpander.Expand"/> makes of
    /// <paramref name="notification"/>, without writing them: what the event would put on the callback topic in record
    /// values (intake's limit on output bytes per event). Exact, escapes included.
    /// </summary>
    public static long SerializedLength(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        long provider = EncodedLength(notification.Provider);
        long total = 0;
        var recipients = notification.Recipients;
        for (var i = 0; i < recipients.Count; i++) // not foreach: the interface's enumerator would be allocated
        {
            var outcome = recipients[i];
            total += (outcome.Success ? EmptySuccessLength : EmptyFailureLength) + provider + EncodedLength(outcome.Error);
        }

        return total;
    }

    /// <summary>
    /// A bound on <see cref="SerializedLength"/> that needs no pass over the strings: for any event with this many
    /// recipients, a provider of this length and errors no longer than <paramref name="maxErrorLength"/>. The writer
    /// writes a UTF-16 code unit as at most <see cref="MaxBytesPerChar"/> bytes (\uXXXX).
    /// </summary>
    public static long SerializedLengthBound(int recipients, int providerLength, int maxErrorLength) =>
        recipients * (EmptyFailureLength + (MaxBytesPerChar * ((long)providerLength + maxErrorLength)));

    /// <summary>
    /// Reads a status as the output schema defines it: exactly the five properties, each once, canonical uuids,
    /// error "" when success is true. For consumers, tests and the demo; throws <see cref="FormatException"/> on anything else.
    /// </summary>
    public static NotificationStatus Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            var status = ReadStatus(ref reader);
            if (reader.Read())
            {
                throw Invalid("content after the status object");
            }

            return status;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not a NotificationStatus: not JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader's answer to a string that does not decode (invalid UTF-8, lone surrogate escape).
            throw new FormatException($"Not a NotificationStatus: {ex.Message}", ex);
        }
    }

    /// <summary>Bytes of a string value between its quotes as the writer writes it.</summary>
    private static int EncodedLength(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        // The common case (plain ASCII names and messages) costs one vectorized scan; the rest is measured by the same
        // escaping the writer uses.
        return value.AsSpan().ContainsAnyExcept(VerbatimAscii)
            ? JsonEncodedText.Encode(value, WriterOptions.Encoder).EncodedUtf8Bytes.Length
            : value.Length;
    }

    private static NotificationStatus ReadStatus(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("expected a JSON object");
        }

        Guid? eventId = null;
        Guid? recipient = null;
        bool? success = null;
        string? error = null;
        string? provider = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(EventIdName.EncodedUtf8Bytes))
            {
                ThrowIfSeen(eventId.HasValue, "event_id");
                eventId = ReadUuid(ref reader, "event_id");
            }
            else if (reader.ValueTextEquals(RecipientName.EncodedUtf8Bytes))
            {
                ThrowIfSeen(recipient.HasValue, "recipient");
                recipient = ReadUuid(ref reader, "recipient");
            }
            else if (reader.ValueTextEquals(SuccessName.EncodedUtf8Bytes))
            {
                ThrowIfSeen(success.HasValue, "success");
                reader.Read();
                success = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Invalid("success: expected true or false"),
                };
            }
            else if (reader.ValueTextEquals(ErrorName.EncodedUtf8Bytes))
            {
                ThrowIfSeen(error is not null, "error");
                error = ReadString(ref reader, "error");
            }
            else if (reader.ValueTextEquals(ProviderName.EncodedUtf8Bytes))
            {
                ThrowIfSeen(provider is not null, "provider");
                provider = ReadString(ref reader, "provider");
            }
            else
            {
                throw Invalid($"unknown property (allowed: event_id, recipient, success, error, provider)");
            }
        }

        if (eventId is null || recipient is null || success is null || error is null || provider is null)
        {
            throw Invalid("event_id, recipient, success, error and provider are all required");
        }

        if (success.Value && error.Length != 0)
        {
            throw Invalid("error: must be \"\" when success is true");
        }

        return new NotificationStatus(eventId.Value, recipient.Value, success.Value, error, provider);
    }

    private static Guid ReadUuid(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return CanonicalUuid.TryRead(ref reader, out var value)
            ? value
            : throw Invalid($"{name}: expected a uuid string (8-4-4-4-12 hex digits)");
    }

    private static string ReadString(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Invalid($"{name}: expected a string");
    }

    private static void ThrowIfSeen(bool seen, string name)
    {
        if (seen)
        {
            throw Invalid($"{name}: occurs twice");
        }
    }

    private static FormatException Invalid(string detail) => new($"Not a NotificationStatus: {detail}");
}
