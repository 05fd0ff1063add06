using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>
/// The W3C Baggage grammar of a <c>baggage</c> value: comma-separated list members
/// <c>key OWS "=" OWS value *(OWS ";" OWS property)</c>, a property being <c>key OWS "=" OWS value</c> or a bare key;
/// a key is an RFC 9110 token, a value is baggage-octets (printable ASCII other than space, <c>"</c>, <c>,</c>,
/// <c>;</c> and <c>\</c>; percent-encoding is kept as it is). The spec's limits hold: at most <see cref="MaxMembers"/>
/// members and <see cref="MaxBytes"/> bytes. Unlike the spec's advice to propagate what fits, a value over a limit is
/// refused whole: a list cut in the middle would say something the sender did not.
/// </summary>
internal static class BaggageHeader
{
    /// <summary>The header's name, as W3C gives it.</summary>
    public const string Name = StatusHeaders.Baggage;

    public const int MaxMembers = 64;
    public const int MaxBytes = 8192;

    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxBytes)
        {
            return false;
        }

        var members = 0;
        foreach (var range in value.Split((byte)','))
        {
            var member = value[range];
            if (++members > MaxMembers || !IsMember(member))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMember(ReadOnlySpan<byte> member)
    {
        var first = true;
        foreach (var range in member.Split((byte)';'))
        {
            var part = member[range].Trim(" \t"u8);
            var equals = part.IndexOf((byte)'=');
            if (equals < 0)
            {
                // A property may be a bare key; the list member itself needs a value.
                if (first || !IsToken(part))
                {
                    return false;
                }
            }
            else if (!IsToken(part[..equals].TrimEnd(" \t"u8)) || !AreValueOctets(part[(equals + 1)..].TrimStart(" \t"u8)))
            {
                return false;
            }

            first = false;
        }

        return true;
    }

    // token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static bool IsToken(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty)
        {
            return false;
        }

        foreach (var c in token)
        {
            var ok = c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+' or (byte)'-'
                or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
    private static bool AreValueOctets(ReadOnlySpan<byte> value)
    {
        foreach (var c in value)
        {
            if (c is < 0x21 or > 0x7E or (byte)'"' or (byte)',' or (byte)';' or (byte)'\\')
            {
                return false;
            }
        }

        return true;
    }
}
