using System.Buffers.Text;
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
        if (utf8.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? utf8[i] == '-' : char.IsAsciiHexDigit((char)utf8[i]);
            if (!ok)
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(utf8, out value, out var consumed, 'D') && consumed == Length;
    }

    /// <summary>Reads the string token the reader is on as a canonical uuid, unescaping if needed.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out Guid value) =>
        JsonStringEscapes.TryReadShortString(ref reader, MaxEscapedLength, TryParse, out value);
}
