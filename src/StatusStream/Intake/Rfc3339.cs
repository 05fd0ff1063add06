using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// The date-time grammar of the contract (occurred_at, created_at, recipients[].sent_at): an RFC 3339 date-time with
/// a zone, narrowed to what <see cref="DateTimeOffset"/> holds. Years 1900-2999, a date that exists (no 2023-02-29),
/// no leap second (:60), at most 9 fraction digits (beyond the 7th, 100 ns ticks, they are dropped), Z or an offset
/// within +-14:00; T and Z in either case. The schema's dateTime pattern says the same.
/// </summary>
internal static class Rfc3339
{
    /// <summary>The longest text accepted: 2024-05-01T12:00:00.123456789+14:00.</summary>
    public const int MaxLength = 35;

    private const int MinLength = 20;
    private const int MaxEscapedLength = 6 * MaxLength;
    private const int MinYear = 1900;
    private const int MaxYear = 2999;
    private const int MaxOffsetMinutes = 14 * 60;
    private const int MaxFractionDigits = 9;
    private const long TicksPerFirstFractionDigit = TimeSpan.TicksPerSecond / 10;

    /// <summary>Parses UTF-8 text that must be exactly one date-time of the grammar.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length is < MinLength or > MaxLength
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
                fractionTicks += (s[i] - '0') * tickUnit;
                tickUnit /= 10;
                i++;
            }

            if (i - start is < 1 or > MaxFractionDigits)
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

    /// <summary>Reads the string token the reader is on as a date-time of the grammar, unescaping if needed.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out DateTimeOffset value) =>
        JsonStringEscapes.TryReadShortString(ref reader, MaxEscapedLength, TryParse, out value);

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
}
