using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>
/// The W3C Trace Context (level 1) grammar of a <c>tracestate</c> value: comma-separated list members
/// <c>key=value</c> (optional spaces and tabs around the commas, empty members allowed), at most
/// <see cref="MaxMembers"/> members, each key once, and at most <see cref="MaxLength"/> characters in all.
/// A key is <c>lcalpha 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/")</c>, or <c>tenant@system</c> with a tenant of
/// at most 241 and a system of at most 14 such characters (a tenant may start with a digit); a value is 1 to 256
/// printable ASCII characters other than "," and "=", not ending in a space.
/// </summary>
internal static class TraceStateHeader
{
    /// <summary>The header's name, as W3C gives it.</summary>
    public const string Name = StatusHeaders.TraceState;

    public const int MaxMembers = 32;
    public const int MaxLength = 512;

    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxLength)
        {
            return false;
        }

        Span<Range> keys = stackalloc Range[MaxMembers];
        var members = 0;
        var rest = value;
        var offset = 0;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var member = comma < 0 ? rest : rest[..comma];
            var start = CountLeadingWhitespace(member);
            var trimmed = TrimWhitespace(member);
            if (!trimmed.IsEmpty)
            {
                if (members == MaxMembers || !IsMember(trimmed, out var keyLength))
                {
                    return false;
                }

                var key = new Range(offset + start, offset + start + keyLength);
                for (var i = 0; i < members; i++)
                {
                    if (value[keys[i]].SequenceEqual(value[key]))
                    {
                        return false;
                    }
                }

                keys[members++] = key;
            }

            if (comma < 0)
            {
                return true;
            }

            offset += comma + 1;
            rest = rest[(comma + 1)..];
        }
    }

    private static bool IsMember(ReadOnlySpan<byte> member, out int keyLength)
    {
        keyLength = member.IndexOf((byte)'=');
        return keyLength > 0 && IsKey(member[..keyLength]) && IsValue(member[(keyLength + 1)..]);
    }

    private static bool IsKey(ReadOnlySpan<byte> key)
    {
        var at = key.IndexOf((byte)'@');
        if (at < 0)
        {
            return key.Length <= 256 && IsLowerAlpha(key[0]) && AreKeyChars(key[1..]);
        }

        var tenant = key[..at];
        var system = key[(at + 1)..];
        return tenant.Length is >= 1 and <= 241 && (IsLowerAlpha(tenant[0]) || IsDigit(tenant[0])) && AreKeyChars(tenant[1..])
            && system.Length is >= 1 and <= 14 && IsLowerAlpha(system[0]) && AreKeyChars(system[1..]);
    }

    private static bool AreKeyChars(ReadOnlySpan<byte> chars)
    {
        foreach (var c in chars)
        {
            if (!(IsLowerAlpha(c) || IsDigit(c) || c is (byte)'_' or (byte)'-' or (byte)'*' or (byte)'/'))
            {
                return false;
            }
        }

        return true;
    }

    // value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
    private static bool IsValue(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > 256 || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < 0x20 or > 0x7E or (byte)',' or (byte)'=')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlpha(byte c) => c is >= (byte)'a' and <= (byte)'z';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static int CountLeadingWhitespace(ReadOnlySpan<byte> span)
    {
        var count = 0;
        while (count < span.Length && span[count] is (byte)' ' or (byte)'\t')
        {
            count++;
        }

        return count;
    }

    private static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> span) => span.Trim(" \t"u8);
}
