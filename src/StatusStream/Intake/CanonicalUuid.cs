using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    // Shuffle indices for the vector path; 0xFF (any index of 16 or more) makes a zero byte. The 32 digits are the
    // text's bytes 0-7, 9-12, 14-17 (first vector) and 19-22, 24-35 (second), loaded as bytes 0-15, 16-31 and 20-35.
    private static readonly Vector128<byte> FirstDigitsOfBytes0To15 = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 0xFF, 0xFF);
    private static readonly Vector128<byte> FirstDigitsOfBytes16To31 = Vector128.Create((byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1);
    private static readonly Vector128<byte> LastDigitsOfBytes16To31 = Vector128.Create((byte)3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    private static readonly Vector128<byte> LastDigitsOfBytes20To35 = Vector128.Create((byte)0xFF, 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    // Pairs of digits to bytes, straight into Guid's own layout: the text is big-endian (RFC 4122), Guid keeps its
    // first three fields little-endian, so the bytes of the 4-, 2- and 2-byte fields come in reverse.
    private static readonly Vector128<byte> HighNibblesOfFirst = Vector128.Create((byte)6, 4, 2, 0, 10, 8, 14, 12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    private static readonly Vector128<byte> LowNibblesOfFirst = Vector128.Create((byte)7, 5, 3, 1, 11, 9, 15, 13, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    private static readonly Vector128<byte> HighNibblesOfLast = Vector128.Create((byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 2, 4, 6, 8, 10, 12, 14);
    private static readonly Vector128<byte> LowNibblesOfLast = Vector128.Create((byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 3, 5, 7, 9, 11, 13, 15);

    /// <summary>Parses UTF-8 text that must be exactly a canonical uuid.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Guid value) =>
        TryParse(utf8, Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian, out value);

    /// <param name="vectors">
    /// Decode in a few vector steps (where the hardware has them); else by the runtime's hex decoder. A parameter so
    /// that the tests check the way this machine does not take as well.
    /// </param>
    internal static bool TryParse(ReadOnlySpan<byte> utf8, bool vectors, out Guid value)
    {
        value = default;
        if (utf8.Length != Length || utf8[8] != '-' || utf8[13] != '-' || utf8[18] != '-' || utf8[23] != '-')
        {
            return false;
        }

        // Every event decodes one uuid per recipient and its own: in a few vector steps rather than a copy of the
        // digits and the runtime's hex decoder (a call, the copies and the byte order were 7% of the in-process path).
        if (vectors)
        {
            return TryParseDigits(utf8, out value);
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

    public static bool TryRead(ref Utf8JsonReader reader, out Guid value)
    {
        // A plain string is parsed where it lies (no call through the shared reader's delegate); an escaped one is
        // unescaped first on the path every short grammar shares, which parses it with the same method.
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            return TryParse(reader.ValueSpan, out value);
        }

        return JsonStringEscapes.TryReadShortString(ref reader, MaxEscapedLength, TryParse, out value);
    }

    /// <summary>The digits of 36 bytes whose dashes are checked, straight into a Guid; false if any is not a hex digit.</summary>
    private static bool TryParseDigits(ReadOnlySpan<byte> utf8, out Guid value)
    {
        ref var text = ref MemoryMarshal.GetReference(utf8);
        var bytes0To15 = Vector128.LoadUnsafe(ref text);
        var bytes16To31 = Vector128.LoadUnsafe(ref text, 16);
        var bytes20To35 = Vector128.LoadUnsafe(ref text, 20);
        var first = Vector128.Shuffle(bytes0To15, FirstDigitsOfBytes0To15) | Vector128.Shuffle(bytes16To31, FirstDigitsOfBytes16To31);
        var last = Vector128.Shuffle(bytes16To31, LastDigitsOfBytes16To31) | Vector128.Shuffle(bytes20To35, LastDigitsOfBytes20To35);
        if (!TryNibbles(ref first) || !TryNibbles(ref last))
        {
            value = default;
            return false;
        }

        var high = Vector128.Shuffle(first, HighNibblesOfFirst) | Vector128.Shuffle(last, HighNibblesOfLast);
        var low = Vector128.Shuffle(first, LowNibblesOfFirst) | Vector128.Shuffle(last, LowNibblesOfLast);
        value = Unsafe.BitCast<Vector128<byte>, Guid>((high << 4) | low);
        return true;
    }

    /// <summary>Each byte's value as a hex digit (0-9, a-f, A-F); false if any byte is none (unsigned compares, so no byte of 0x80 or more passes).</summary>
    private static bool TryNibbles(ref Vector128<byte> digits)
    {
        var decimalValue = digits - Vector128.Create((byte)'0');
        var isDecimal = Vector128.LessThan(decimalValue, Vector128.Create((byte)10));
        var letterValue = (digits | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
        var isLetter = Vector128.LessThan(letterValue, Vector128.Create((byte)6));
        if ((isDecimal | isLetter) != Vector128<byte>.AllBitsSet)
        {
            return false;
        }

        digits = Vector128.ConditionalSelect(isDecimal, decimalValue, letterValue + Vector128.Create((byte)10));
        return true;
    }
}
