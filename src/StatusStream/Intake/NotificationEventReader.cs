using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using StatusStream.Routing;

namespace StatusStream.Intake;

/// <summary>
/// Decodes and validates one input record: the hot path's hand-written equivalent of
/// schemas/notification-event.schema.json (the schema agreement tests run a corpus through both and require the
/// same verdict on every document). One forward pass with <see cref="Utf8JsonReader"/>, no DOM.
/// </summary>
/// <remarks>
/// <para>Never throws. The first problem in document order decides the reason, except that a document that turns out
/// not to be JSON further on is <see cref="InvalidInputReason.NotJson"/>: the rest is scanned for syntax once a
/// problem is found. Missing required properties are noticed at the end of their object.</para>
/// <para>Beyond what JSON Schema can state: strict RFC 8259 in UTF-8 (no byte-order mark, comments or trailing commas;
/// nesting at most <see cref="MaxDepth"/>); a property the schema names must not occur twice in one object (parsers
/// disagree on which copy wins), while repeated unknown top-level properties are ignored like any unknown property;
/// strings the schema names must be valid Unicode (no lone surrogate escapes).</para>
/// <para>Details name the field and the rule and echo at most <see cref="MaxEchoedChars"/> characters of input,
/// and never a webhook URL, which may carry a secret in its path or query.</para>
/// </remarks>
internal static class NotificationEventReader
{
    /// <summary>Deepest nesting accepted, the same as System.Text.Json's default.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest webhook URL accepted (the schema's maxLength).</summary>
    public const int MaxWebhookUrlLength = 2048;

    private const int MaxEchoedChars = 64;
    private const int UuidLength = 36;

    // "\uXXXX" is the longest escape: six bytes of input per character of value.
    private const int MaxEscapedUuidLength = 6 * UuidLength;
    private const int MaxDateTimeLength = 40;
    private const int MaxEscapedDateTimeLength = 6 * MaxDateTimeLength;
    private const int MinYear = 1900;
    private const int MaxYear = 2999;
    private const int MaxOffsetMinutes = 14 * 60;
    private const int MaxPort = 65535;
    private const int MaxPortDigits = 5;
    private const long TicksPerFirstFractionDigit = TimeSpan.TicksPerSecond / 10;

    private const int EventIdBit = 1;
    private const int ProviderBit = 2;
    private const int RecipientsBit = 4;
    private const int CallbackBit = 8;
    private const int SourceBit = 16;
    private const int OccurredAtBit = 32;
    private const int RecipientBit = 1;
    private const int SuccessBit = 2;
    private const int ErrorBit = 4;
    private const int TypeBit = 1;
    private const int TargetBit = 2;
    private const int NamespaceBit = 1;
    private const int ServiceBit = 2;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static bool TryRead(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out NotificationEvent? notification,
        [NotNullWhen(false)] out InvalidInput? invalid)
    {
        notification = null;
        invalid = CheckEncoding(utf8Json);
        if (invalid is not null)
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            invalid = ReadEvent(ref reader, out notification);

            // Reads to the end: trailing content, or a syntax error after a schema problem, makes it not JSON.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            invalid = NotJson(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader's way of saying a string does not decode; every string is checked before it is decoded,
            // so this is a last line of defence that keeps a poison record from stopping the consumer.
            invalid = NotJson($"a string does not decode: {ex.Message}");
        }

        if (invalid is null && notification is not null)
        {
            return true;
        }

        notification = null;
        invalid ??= Violation("(root): not a notification event"); // ReadEvent gives one or the other; keeps the contract total
        return false;
    }

    /// <summary>
    /// Reads the string token the reader is on as a canonical 8-4-4-4-12 uuid (either case), unescaping if needed.
    /// </summary>
    internal static bool TryGetCanonicalUuid(ref Utf8JsonReader reader, out Guid value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return TryParseCanonicalUuid(raw, out value);
        }

        if (raw.Length > MaxEscapedUuidLength || HasLoneSurrogateEscape(raw))
        {
            return false;
        }

        Span<byte> unescaped = stackalloc byte[MaxEscapedUuidLength];
        return TryParseCanonicalUuid(unescaped[..reader.CopyString(unescaped)], out value);
    }

    /// <summary>8-4-4-4-12 hex digits, either case, nothing else: stricter than <see cref="Guid.TryParse(string?, out Guid)"/>, which also takes braces, no dashes and white space.</summary>
    internal static bool TryParseCanonicalUuid(ReadOnlySpan<byte> utf8, out Guid value)
    {
        value = default;
        if (utf8.Length != UuidLength)
        {
            return false;
        }

        for (var i = 0; i < UuidLength; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? utf8[i] == '-' : char.IsAsciiHexDigit((char)utf8[i]);
            if (!ok)
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(utf8, out value, out var consumed, 'D') && consumed == UuidLength;
    }

    /// <summary>
    /// Whether the raw (still escaped) bytes of a string escape a surrogate that has no partner: such a string
    /// cannot be decoded to valid UTF-16 (Utf8JsonReader throws when asked to). Escape syntax is already checked by
    /// the reader when this is called.
    /// </summary>
    internal static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }

            i++;
            if (i + 4 >= raw.Length || raw[i] != 'u')
            {
                continue;
            }

            var unit = ParseHex4(raw.Slice(i + 1, 4));
            i += 4;
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var hasLowPartner = i + 6 < raw.Length
                    && raw[i + 1] == '\\'
                    && raw[i + 2] == 'u'
                    && ParseHex4(raw.Slice(i + 3, 4)) is >= 0xDC00 and <= 0xDFFF;
                if (!hasLowPartner)
                {
                    return true;
                }

                i += 6;
            }
        }

        return false;
    }

    /// <summary>
    /// Why <paramref name="url"/> is not a webhook target the schema's webhookUrl pattern accepts, or null when it is.
    /// Hand-written equivalent of that pattern; the reasons are for dead-letter details and never quote the URL.
    /// </summary>
    internal static string? WebhookUrlProblem(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length > MaxWebhookUrlLength)
        {
            return $"longer than {MaxWebhookUrlLength} characters";
        }

        int i;
        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            i = "https://".Length;
        }
        else if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            i = "http://".Length;
        }
        else
        {
            return "not an absolute URL starting with http:// or https:// (lower case)";
        }

        var authorityEnd = url.AsSpan(i).IndexOfAny('/', '?', '#');
        if (url.AsSpan(i, authorityEnd < 0 ? url.Length - i : authorityEnd).Contains('@'))
        {
            return "user:password@ is not allowed in the URL; use the webhook's auth settings";
        }

        if (i < url.Length && url[i] == '[')
        {
            var close = url.IndexOf(']', i + 1);
            if (close < 0 || close == i + 1 || !IsIpv6Text(url.AsSpan(i + 1, close - i - 1)))
            {
                return "the bracketed IPv6 host is malformed";
            }

            i = close + 1;
        }
        else
        {
            var start = i;
            while (i < url.Length && (char.IsAsciiLetterOrDigit(url[i]) || url[i] is '.' or '-'))
            {
                i++;
            }

            if (i == start || !char.IsAsciiLetterOrDigit(url[start]) || !char.IsAsciiLetterOrDigit(url[i - 1]))
            {
                return "no host name or IP address after the scheme";
            }
        }

        if (i < url.Length && url[i] == ':')
        {
            var start = ++i;
            while (i < url.Length && char.IsAsciiDigit(url[i]))
            {
                i++;
            }

            var digits = url.AsSpan(start, i - start);
            var inRange = digits.Length is > 0 and <= MaxPortDigits
                && (digits.Length < MaxPortDigits || (digits[0] != '0' && int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) <= MaxPort));
            if (!inRange)
            {
                return "the port is not a number from 0 to 65535";
            }
        }

        if (i == url.Length)
        {
            return null;
        }

        if (url[i] is not ('/' or '?' or '#'))
        {
            return "the host must be followed by a port, path, query or fragment";
        }

        foreach (var c in url.AsSpan(i))
        {
            if (c is < '!' or > '~')
            {
                return "contains a space, control or non-ASCII character (percent-encode it)";
            }
        }

        return null;
    }

    private static InvalidInput? CheckEncoding(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return NotJson("the input is empty");
        }

        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            return NotJson("the input starts with a byte-order mark (RFC 8259 forbids it)");
        }

        if (!Utf8.IsValid(utf8Json))
        {
            return NotJson($"the input is not UTF-8 (invalid byte sequence at offset {FirstInvalidUtf8Offset(utf8Json)})");
        }

        return null;
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static InvalidInput? ReadEvent(ref Utf8JsonReader reader, out NotificationEvent? notification)
    {
        notification = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Violation($"(root): expected an object, found {Describe(reader.TokenType)}");
        }

        var seen = 0;
        var eventId = Guid.Empty;
        string? provider = null;
        List<RecipientOutcome>? recipients = null;
        StatusCallback? callback = null;
        EventSource? source = null;
        DateTimeOffset? occurredAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var bit = TopLevelBit(ref reader);
            if (bit == 0)
            {
                // Unknown top-level properties are allowed (producers evolve); their content is only checked as JSON.
                reader.Skip();
                continue;
            }

            if ((seen & bit) != 0)
            {
                return Violation($"{TopLevelName(bit)}: occurs twice");
            }

            seen |= bit;
            reader.Read();
            var problem = bit switch
            {
                EventIdBit => ReadEventId(ref reader, out eventId),
                ProviderBit => ReadNonEmptyString(ref reader, "provider", out provider),
                RecipientsBit => ReadRecipients(ref reader, out recipients),
                CallbackBit => ReadCallback(ref reader, out callback),
                SourceBit => ReadSource(ref reader, out source),
                _ => ReadOccurredAt(ref reader, out occurredAt),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        foreach (var required in (ReadOnlySpan<int>)[EventIdBit, ProviderBit, RecipientsBit, CallbackBit])
        {
            if ((seen & required) == 0)
            {
                return Violation($"{TopLevelName(required)}: required");
            }
        }

        notification = new NotificationEvent(eventId, provider!, recipients!, callback!, source, occurredAt);
        return null;
    }

    private static int TopLevelBit(ref Utf8JsonReader reader)
    {
        // Known names are ASCII; a name escaping a lone surrogate cannot be one of them, and comparing it would throw.
        if (reader.ValueIsEscaped && HasLoneSurrogateEscape(reader.ValueSpan))
        {
            return 0;
        }

        return reader.ValueTextEquals("event_id"u8) ? EventIdBit
            : reader.ValueTextEquals("provider"u8) ? ProviderBit
            : reader.ValueTextEquals("recipients"u8) ? RecipientsBit
            : reader.ValueTextEquals("callback"u8) ? CallbackBit
            : reader.ValueTextEquals("source"u8) ? SourceBit
            : reader.ValueTextEquals("occurred_at"u8) ? OccurredAtBit
            : 0;
    }

    private static string TopLevelName(int bit) => bit switch
    {
        EventIdBit => "event_id",
        ProviderBit => "provider",
        RecipientsBit => "recipients",
        CallbackBit => "callback",
        SourceBit => "source",
        _ => "occurred_at",
    };

    private static InvalidInput? ReadEventId(ref Utf8JsonReader reader, out Guid eventId)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            eventId = Guid.Empty;
            return Violation($"event_id: expected a uuid string, found {Describe(reader.TokenType)}");
        }

        return TryGetCanonicalUuid(ref reader, out eventId) ? null : BadUuid("event_id: not a uuid (8-4-4-4-12 hex digits)");
    }

    private static InvalidInput? ReadRecipients(ref Utf8JsonReader reader, out List<RecipientOutcome>? recipients)
    {
        recipients = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Violation($"recipients: expected an array, found {Describe(reader.TokenType)}");
        }

        // Most notifications go to a handful of recipients; start small, grow for the occasional broadcast.
        var list = new List<RecipientOutcome>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var problem = ReadRecipient(ref reader, list.Count, out var outcome);
            if (problem is not null)
            {
                return problem;
            }

            list.Add(outcome!);
        }

        if (list.Count == 0)
        {
            return Violation("recipients: at least one recipient is required");
        }

        recipients = list;
        return null;
    }

    private static InvalidInput? ReadRecipient(ref Utf8JsonReader reader, int index, out RecipientOutcome? outcome)
    {
        outcome = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Violation($"recipients[{index}]: expected an object, found {Describe(reader.TokenType)}");
        }

        var seen = 0;
        var recipient = Guid.Empty;
        var success = false;
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var bit = NameBit(ref reader, "recipient"u8, RecipientBit, "success"u8, SuccessBit, "error"u8, ErrorBit);
            if (bit == 0)
            {
                return Violation($"recipients[{index}]: unknown property {EchoName(ref reader)} (allowed: recipient, success, error)");
            }

            var name = bit == RecipientBit ? "recipient" : bit == SuccessBit ? "success" : "error";
            if ((seen & bit) != 0)
            {
                return Violation($"recipients[{index}].{name}: occurs twice");
            }

            seen |= bit;
            reader.Read();
            if (bit == RecipientBit)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Violation($"recipients[{index}].recipient: expected a uuid string, found {Describe(reader.TokenType)}");
                }

                if (!TryGetCanonicalUuid(ref reader, out recipient))
                {
                    return BadUuid($"recipients[{index}].recipient: not a uuid (8-4-4-4-12 hex digits)");
                }
            }
            else if (bit == SuccessBit)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return Violation($"recipients[{index}].success: expected true or false, found {Describe(reader.TokenType)}");
                }

                success = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                var problem = ReadString(ref reader, $"recipients[{index}].error", out error);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        if ((seen & RecipientBit) == 0)
        {
            return Violation($"recipients[{index}].recipient: required");
        }

        if ((seen & SuccessBit) == 0)
        {
            return Violation($"recipients[{index}].success: required");
        }

        if (error is null)
        {
            return Violation($"recipients[{index}].error: required (\"\" when success is true)");
        }

        if (success && error.Length != 0)
        {
            return Violation($"recipients[{index}].error: must be \"\" when success is true");
        }

        outcome = new RecipientOutcome(recipient, success, error);
        return null;
    }

    private static InvalidInput? ReadCallback(ref Utf8JsonReader reader, out StatusCallback? callback)
    {
        callback = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Violation($"callback: expected an object, found {Describe(reader.TokenType)}");
        }

        var seen = 0;
        var type = CallbackType.Kafka;
        string? target = null;
        var targetIsText = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var bit = NameBit(ref reader, "type"u8, TypeBit, "target"u8, TargetBit, default, 0);
            if (bit == 0)
            {
                return Violation($"callback: unknown property {EchoName(ref reader)} (allowed: type, target)");
            }

            var name = bit == TypeBit ? "type" : "target";
            if ((seen & bit) != 0)
            {
                return Violation($"callback.{name}: occurs twice");
            }

            seen |= bit;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                return Violation($"callback.{name}: expected a string, found {Describe(reader.TokenType)}");
            }

            if (bit == TypeBit)
            {
                var problem = ReadCallbackType(ref reader, out type);
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (reader.ValueIsEscaped && HasLoneSurrogateEscape(reader.ValueSpan))
            {
                // Both target patterns are ASCII only; whether it is a bad target is decided once the type is known.
                targetIsText = false;
                target = string.Empty;
            }
            else
            {
                target = reader.GetString()!;
            }
        }

        if ((seen & TypeBit) == 0)
        {
            return Violation("callback.type: required (kafka or webhook)");
        }

        if (target is null)
        {
            return Violation("callback.target: required");
        }

        if (type == CallbackType.Kafka)
        {
            if (!targetIsText || !CallbackTopicName.IsValid(target))
            {
                var shown = targetIsText ? Echo(target) : "the value";
                return BadTarget($"callback.target: {shown} is not a Kafka callback topic <namespace>.<service>-callback (namespace and service: lower-case DNS labels)");
            }
        }
        else
        {
            var problem = targetIsText ? WebhookUrlProblem(target) : "contains a string that is not valid Unicode";
            if (problem is not null)
            {
                return BadTarget($"callback.target: not a webhook URL: {problem}");
            }
        }

        callback = new StatusCallback(type, target);
        return null;
    }

    private static InvalidInput? ReadCallbackType(ref Utf8JsonReader reader, out CallbackType type)
    {
        type = CallbackType.Kafka;
        var decodable = !reader.ValueIsEscaped || !HasLoneSurrogateEscape(reader.ValueSpan);
        if (decodable && reader.ValueTextEquals("kafka"u8))
        {
            return null;
        }

        if (decodable && reader.ValueTextEquals("webhook"u8))
        {
            type = CallbackType.Webhook;
            return null;
        }

        var shown = decodable ? Echo(reader.GetString()!) : "the value";
        return new InvalidInput(InvalidInputReason.UnknownCallbackType, $"callback.type: {shown} is neither kafka nor webhook");
    }

    private static InvalidInput? ReadSource(ref Utf8JsonReader reader, out EventSource? source)
    {
        source = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Violation($"source: expected an object or null, found {Describe(reader.TokenType)}");
        }

        var seen = 0;
        string? @namespace = null;
        string? service = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var bit = NameBit(ref reader, "namespace"u8, NamespaceBit, "service"u8, ServiceBit, default, 0);
            if (bit == 0)
            {
                return Violation($"source: unknown property {EchoName(ref reader)} (allowed: namespace, service)");
            }

            var path = bit == NamespaceBit ? "source.namespace" : "source.service";
            if ((seen & bit) != 0)
            {
                return Violation($"{path}: occurs twice");
            }

            seen |= bit;
            reader.Read();
            var problem = bit == NamespaceBit
                ? ReadNonEmptyString(ref reader, path, out @namespace)
                : ReadNonEmptyString(ref reader, path, out service);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (@namespace is null)
        {
            return Violation("source.namespace: required");
        }

        if (service is null)
        {
            return Violation("source.service: required");
        }

        source = new EventSource(@namespace, service);
        return null;
    }

    private static InvalidInput? ReadOccurredAt(ref Utf8JsonReader reader, out DateTimeOffset? occurredAt)
    {
        occurredAt = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return Violation($"occurred_at: expected a date-time string or null, found {Describe(reader.TokenType)}");
        }

        var raw = reader.ValueSpan;
        bool parsed;
        DateTimeOffset value;
        if (!reader.ValueIsEscaped)
        {
            parsed = TryParseOccurredAt(raw, out value);
        }
        else if (raw.Length > MaxEscapedDateTimeLength || HasLoneSurrogateEscape(raw))
        {
            parsed = false;
            value = default;
        }
        else
        {
            Span<byte> unescaped = stackalloc byte[MaxEscapedDateTimeLength];
            parsed = TryParseOccurredAt(unescaped[..reader.CopyString(unescaped)], out value);
        }

        if (!parsed)
        {
            return Violation("occurred_at: not an RFC 3339 date-time with a zone in years 1900-2999, e.g. 2024-05-01T12:00:00.123Z");
        }

        occurredAt = value;
        return null;
    }

    /// <summary>The schema's occurred_at pattern, by hand: an existing date, a time without leap second, a zone within +-14:00.</summary>
    private static bool TryParseOccurredAt(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length is < 20 or > MaxDateTimeLength
            || !TryDigits(s[..4], out var year) || s[4] != '-'
            || !TryDigits(s.Slice(5, 2), out var month) || s[7] != '-'
            || !TryDigits(s.Slice(8, 2), out var day) || s[10] is not ((byte)'T' or (byte)'t')
            || !TryDigits(s.Slice(11, 2), out var hour) || s[13] != ':'
            || !TryDigits(s.Slice(14, 2), out var minute) || s[16] != ':'
            || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            var tickUnit = TicksPerFirstFractionDigit;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                // Digits beyond the 7th (100 ns ticks) are accepted and dropped.
                fractionTicks += (s[i] - '0') * tickUnit;
                tickUnit /= 10;
                i++;
            }

            if (i - start is < 1 or > 9)
            {
                return false;
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        var offsetMinutes = 0;
        if (s[i] is (byte)'Z' or (byte)'z')
        {
            i++;
        }
        else if (s[i] is (byte)'+' or (byte)'-'
            && s.Length - i == 6
            && TryDigits(s.Slice(i + 1, 2), out var offsetHours) && s[i + 3] == ':'
            && TryDigits(s.Slice(i + 4, 2), out var offsetMinutePart) && offsetMinutePart <= 59)
        {
            offsetMinutes = (offsetHours * 60) + offsetMinutePart;
            if (offsetMinutes > MaxOffsetMinutes)
            {
                return false;
            }

            offsetMinutes = s[i] == '-' ? -offsetMinutes : offsetMinutes;
            i += 6;
        }
        else
        {
            return false;
        }

        if (i != s.Length)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes))
            .AddTicks(fractionTicks);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex)
        {
            value = (value << 4) | (int)HexDigitValue(b);
        }

        return value;
    }

    private static uint HexDigitValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => (uint)(b - '0'),
        >= (byte)'a' and <= (byte)'f' => (uint)(b - 'a' + 10),
        >= (byte)'A' and <= (byte)'F' => (uint)(b - 'A' + 10),
        _ => 0,
    };

    private static bool IsIpv6Text(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static int NameBit(
        ref Utf8JsonReader reader,
        ReadOnlySpan<byte> first,
        int firstBit,
        ReadOnlySpan<byte> second,
        int secondBit,
        ReadOnlySpan<byte> third,
        int thirdBit)
    {
        if (reader.ValueIsEscaped && HasLoneSurrogateEscape(reader.ValueSpan))
        {
            return 0;
        }

        return reader.ValueTextEquals(first) ? firstBit
            : reader.ValueTextEquals(second) ? secondBit
            : thirdBit != 0 && reader.ValueTextEquals(third) ? thirdBit
            : 0;
    }

    private static InvalidInput? ReadNonEmptyString(ref Utf8JsonReader reader, string path, out string? value)
    {
        var problem = ReadString(ref reader, path, out value);
        if (problem is null && value!.Length == 0)
        {
            value = null;
            return Violation($"{path}: must not be empty");
        }

        return problem;
    }

    private static InvalidInput? ReadString(ref Utf8JsonReader reader, string path, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Violation($"{path}: expected a string, found {Describe(reader.TokenType)}");
        }

        if (reader.ValueIsEscaped && HasLoneSurrogateEscape(reader.ValueSpan))
        {
            return Violation($"{path}: not valid Unicode (escapes a lone surrogate)");
        }

        value = reader.GetString()!;
        return null;
    }

    private static string EchoName(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped && HasLoneSurrogateEscape(reader.ValueSpan) ? "(not valid Unicode)" : Echo(reader.GetString()!);

    /// <summary>Quotes at most <see cref="MaxEchoedChars"/> characters of input, control characters replaced, never splitting a surrogate pair.</summary>
    private static string Echo(string value)
    {
        var length = Math.Min(value.Length, MaxEchoedChars);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        var builder = new StringBuilder(length + 5).Append('"');
        foreach (var c in value.AsSpan(0, length))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.Append(length < value.Length ? "\"..." : "\"").ToString();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static InvalidInput NotJson(string detail) =>
        new(InvalidInputReason.NotJson, $"not JSON: {(detail.Length <= 200 ? detail : detail[..200])}");

    private static InvalidInput Violation(string detail) => new(InvalidInputReason.SchemaViolation, detail);

    private static InvalidInput BadUuid(string detail) => new(InvalidInputReason.BadUuid, detail);

    private static InvalidInput BadTarget(string detail) => new(InvalidInputReason.BadCallbackTarget, detail);
}
