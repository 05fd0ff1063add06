using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>What the raw (still escaped) bytes of a JSON string say before it is decoded.</summary>
internal static class JsonStringEscapes
{
    /// <summary>
    /// Whether the raw bytes of a string escape a surrogate that has no partner: such a string cannot be decoded to
    /// valid UTF-16 (Utf8JsonReader throws when asked to). Escape syntax is already checked by the reader when this is
    /// called.
    /// </summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> raw)
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

    /// <summary>Parses UTF-8 bytes of a short grammar (a uuid, a date-time).</summary>
    public delegate bool Utf8Parse<T>(ReadOnlySpan<byte> utf8, out T value);

    /// <summary>
    /// Reads the string token the reader is on with <paramref name="parse"/>, unescaping it first when it is
    /// escaped (at most <paramref name="maxEscapedLength"/> bytes, no lone surrogates): the one path every
    /// short grammar shares, so an escaped value and its plain form always parse alike.
    /// </summary>
    public static bool TryReadShortString<T>(ref Utf8JsonReader reader, int maxEscapedLength, Utf8Parse<T> parse, out T value)
    {
        value = default!;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return parse(raw, out value);
        }

        if (raw.Length > maxEscapedLength || HasLoneSurrogate(raw))
        {
            return false;
        }

        Span<byte> unescaped = stackalloc byte[maxEscapedLength];
        return parse(unescaped[..reader.CopyString(unescaped)], out value);
    }
}
