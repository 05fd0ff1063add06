using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>
/// The W3C Trace Context (level 1) grammar of a <c>traceparent</c> value, checked on the raw header bytes without a
/// regex or an allocation: <c>version "-" trace-id "-" parent-id "-" trace-flags</c>, lower-case hex, 55 characters.
/// Version ff is invalid, and so are an all-zero trace id or parent id. Later versions may append fields; a value
/// StatusStream carries forward is exactly the 55 characters it understands, so anything longer is refused.
/// </summary>
internal static class TraceParentHeader
{
    /// <summary>The header's name, as W3C gives it.</summary>
    public const string Name = StatusHeaders.TraceParent;

    public const int Length = 55;

    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length != Length || value[2] != '-' || value[35] != '-' || value[52] != '-')
        {
            return false;
        }

        return IsLowerHex(value[..2]) && !(value[0] == 'f' && value[1] == 'f')
            && IsLowerHex(value.Slice(3, 32)) && !IsAllZero(value.Slice(3, 32))
            && IsLowerHex(value.Slice(36, 16)) && !IsAllZero(value.Slice(36, 16))
            && IsLowerHex(value.Slice(53, 2));
    }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        for (var i = 0; i < Length; i++)
        {
            if (value[i] > 0x7F)
            {
                return false;
            }

            bytes[i] = (byte)value[i];
        }

        return IsValid(bytes);
    }

    private static bool IsLowerHex(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZero(ReadOnlySpan<byte> span) => span.IndexOfAnyExcept((byte)'0') < 0;
}
