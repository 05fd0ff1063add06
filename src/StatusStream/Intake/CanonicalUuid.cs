using System.Buffers;
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

        // The 32 hex digits, in the order they are written, are the uuid's 16 bytes in RFC 4122 (big-endian) order.
        // Gathered without the dashes, they decode in one call of the runtime's vectorized hex decoder, which takes
        // either case and refuses any other byte (a table-driven loop per digit took 40% longer).
        Span<byte> digits = stackalloc byte[32];
        utf8[..8].CopyTo(digits);
        utf8.Slice(9, 4).CopyTo(digits[8..]);
        utf8.Slice(14, 4).CopyTo(digits[12..]);
        utf8.Slice(19, 4).CopyTo(digits[16..]);
        utf8.Slice(24, 12).CopyTo(digits[20..]);
        Span<byte> bytes = stackalloc byte[16];
        if (Convert.FromHexString(digits, bytes, out _, out var written) != OperationStatus.Done || written != bytes.Length)
        {
            return false;
        }

        value = new Guid(bytes, bigEndian: true);
        return true;
    }

    public static bool TryRead(ref Utf8JsonReader reader, out Guid value) =>
        JsonStringEscapes.TryReadShortString(ref reader, MaxEscapedLength, TryParse, out value);
}
