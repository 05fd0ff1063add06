using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// The uuid grammar of the contract: 8-4-4-4-12 hex digits, either case, nothing else (no braces, no urn:uuid:
/// prefix, no white space). Stricter than <see cref="Guid.TryParse(string?, out Guid)"/>, which also takes braces,
/// no dashes and white space. The schemas' uuid pattern says the same.
/// </summary>
internal static class CanonicalUuid
{
    public const int Length = 36;

    // "\uXXXX" is the longest escape: six bytes of input per character of value.
    private const int MaxEscapedLength = 6 * Length;

    /// <summary>Parses UTF-8 text that must be exactly a canonical uuid.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Guid value)
    {
        value = default;
        if (utf8.Length != Length || utf8[8] != '-' || utf8[13] != '-' || utf8[18] != '-' || utf8[23] != '-')
        {
            return false;
        }

        // One pass: the 32 hex digits, in the order they are written, are the uuid's 16 bytes in RFC 4122 (big-endian) order.
        Span<byte> bytes = stackalloc byte[16];
        var digit = 0;
        for (var i = 0; i < Length; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                continue;
            }

            var nibble = HexValue(utf8[i]);
            if (nibble < 0)
            {
                return false;
            }

            bytes[digit >> 1] = (byte)((bytes[digit >> 1] << 4) | nibble);
            digit++;
        }

        value = new Guid(bytes, bigEndian: true);
        return true;
    }

    public static bool TryRead(ref Utf8JsonReader reader, out Guid value) =>
        JsonStringEscapes.TryReadShortString(ref reader, MaxEscapedLength, TryParse, out value);

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
