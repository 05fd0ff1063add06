using System.Text;
using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// Reading one field value of the contract from the token the reader is on, with the detail the dead letter gets when
/// it is wrong. Strings are checked for lone surrogate escapes before they are decoded, and for length before they are
/// allocated: a 400 KB provider is measured, never copied.
/// </summary>
internal static class JsonFields
{
    /// <summary>A string, any length the caller bounds elsewhere.</summary>
    public static InvalidInput? ReadString(ref Utf8JsonReader reader, FieldPath path, out string? value)
    {
        value = null;
        var problem = CheckDecodableString(ref reader, path);
        if (problem is not null)
        {
            return problem;
        }

        value = reader.GetString()!;
        return null;
    }

    /// <summary>A string of 0..<paramref name="maxLength"/> characters; longer is over the configured <paramref name="setting"/>.</summary>
    public static InvalidInput? ReadLimitedString(ref Utf8JsonReader reader, FieldPath path, int maxLength, string setting, out string? value) =>
        ReadLimitedString(ref reader, path, maxLength, setting, repeats: false, out value);

    /// <param name="repeats">True for a value that repeats across events and is no personal data: decoded through <see cref="RepeatedText"/>.</param>
    public static InvalidInput? ReadLimitedString(ref Utf8JsonReader reader, FieldPath path, int maxLength, string setting, bool repeats, out string? value)
    {
        value = null;
        var problem = CheckDecodableString(ref reader, path);
        if (problem is not null)
        {
            return problem;
        }

        if (IsLongerThan(ref reader, maxLength, out var length))
        {
            return InvalidInput.LimitExceeded(path.ToString(), length, "characters", setting, maxLength);
        }

        // "" (the error of every successful recipient) needs no decoding: the shared empty string, as GetString gives it.
        value = reader.ValueSpan.IsEmpty && !reader.HasValueSequence ? string.Empty
            : repeats ? RepeatedText.Read(ref reader)
            : reader.GetString()!;
        return null;
    }

    /// <summary>null, or a string of 1..<paramref name="maxLength"/> characters (a bound of the schema, not a setting).</summary>
    public static InvalidInput? ReadOptionalText(ref Utf8JsonReader reader, FieldPath path, int maxLength, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return InvalidInput.SchemaViolation($"{path}: expected a string or null, found {DetailText.Describe(reader.TokenType)}");
        }

        var problem = CheckDecodableString(ref reader, path);
        if (problem is not null)
        {
            return problem;
        }

        if (reader.ValueSpan.IsEmpty)
        {
            return InvalidInput.SchemaViolation($"{path}: must not be empty (omit it or use null)");
        }

        if (IsLongerThan(ref reader, maxLength, out _))
        {
            return InvalidInput.SchemaViolation($"{path}: longer than {maxLength} characters");
        }

        value = reader.GetString()!;
        return null;
    }

    /// <summary>
    /// A required string of <paramref name="minLength"/>..<paramref name="maxLength"/> characters (bounds of the schema, not
    /// settings). The detail never quotes the value: the fields read this way may be personal data (phone numbers, message text).
    /// </summary>
    public static InvalidInput? ReadBoundedText(ref Utf8JsonReader reader, FieldPath path, int minLength, int maxLength, out string? value)
    {
        value = null;
        var problem = CheckDecodableString(ref reader, path);
        if (problem is not null)
        {
            return problem;
        }

        if (IsLongerThan(ref reader, maxLength, out _))
        {
            return InvalidInput.SchemaViolation($"{path}: longer than {maxLength} characters");
        }

        var text = reader.GetString()!;
        if (text.Length < minLength)
        {
            return InvalidInput.SchemaViolation($"{path}: shorter than {minLength} character{(minLength == 1 ? "" : "s")}");
        }

        value = text;
        return null;
    }

    /// <summary>A required date-time of the <see cref="Rfc3339"/> grammar.</summary>
    public static InvalidInput? ReadDateTime(ref Utf8JsonReader reader, FieldPath path, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return InvalidInput.SchemaViolation($"{path}: expected a date-time string, found {DetailText.Describe(reader.TokenType)}");
        }

        var problem = ReadOptionalDateTime(ref reader, path, out var parsed);
        value = parsed.GetValueOrDefault();
        return problem;
    }

    /// <summary>null, or a date-time of the <see cref="Rfc3339"/> grammar.</summary>
    public static InvalidInput? ReadOptionalDateTime(ref Utf8JsonReader reader, FieldPath path, out DateTimeOffset? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return InvalidInput.SchemaViolation($"{path}: expected a date-time string or null, found {DetailText.Describe(reader.TokenType)}");
        }

        if (!Rfc3339.TryRead(ref reader, out var parsed))
        {
            return InvalidInput.SchemaViolation($"{path}: not an RFC 3339 date-time with a zone in years 1900-2999, e.g. 2024-05-01T12:00:00.123Z");
        }

        value = parsed;
        return null;
    }

    private static InvalidInput? CheckDecodableString(ref Utf8JsonReader reader, FieldPath path)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return InvalidInput.SchemaViolation($"{path}: expected a string, found {DetailText.Describe(reader.TokenType)}");
        }

        if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
        {
            return InvalidInput.SchemaViolation($"{path}: not valid Unicode (escapes a lone surrogate)");
        }

        return null;
    }

    /// <summary>
    /// Whether the decodable string the reader is on has more than <paramref name="maxLength"/> UTF-16 code units (what
    /// string.Length and the schema validator count), and how many. A decoded string never has more code units than its
    /// input has bytes (escaped or not), so short input is decided without looking at it.
    /// </summary>
    private static bool IsLongerThan(ref Utf8JsonReader reader, int maxLength, out long length)
    {
        var raw = reader.ValueSpan;
        length = raw.Length;
        if (raw.Length <= maxLength)
        {
            return false;
        }

        // The input was checked to be valid UTF-8 before reading started; only an escaped string needs decoding.
        length = reader.ValueIsEscaped ? reader.GetString()!.Length : Encoding.UTF8.GetCharCount(raw);
        return length > maxLength;
    }
}
