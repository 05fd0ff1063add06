using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// How dead-letter details quote input: at most <see cref="MaxEchoedChars"/> characters, every character that is not
/// printable escaped (<see cref="Printable"/>: a detail becomes a Kafka header, a log field and a line of `dlq list`),
/// never a surrogate pair split.
/// </summary>
internal static class DetailText
{
    public const int MaxEchoedChars = 64;

    /// <summary>The value in quotes, cut to <see cref="MaxEchoedChars"/> characters ("..." after the quote when cut), escaped.</summary>
    public static string Echo(string value)
    {
        var length = Math.Min(value.Length, MaxEchoedChars);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        return $"\"{Printable(value.AsSpan(0, length))}\"{(length < value.Length ? "..." : "")}";
    }

    /// <summary>
    /// <paramref name="text"/> with every character a terminal or a log viewer could act on written as <c>\uXXXX</c>:
    /// control characters (C0, DEL, C1: ESC, BEL, CR, LF...), format characters (bidirectional overrides, zero-width
    /// ones), line and paragraph separators, private-use and unassigned code points, and lone surrogates. Cut to
    /// <paramref name="maxChars"/> characters of output, "..." included. Safe to apply twice: its output has nothing to escape.
    /// </summary>
    public static string Printable(ReadOnlySpan<char> text, int maxChars = int.MaxValue)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            clean = !NeedsEscape(text, i, out var width);
            i += width - 1;
        }

        if (clean && text.Length <= maxChars)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(Math.Min(text.Length + 16, maxChars));
        for (var i = 0; i < text.Length; i++)
        {
            var piece = NeedsEscape(text, i, out var width) ? $"\\u{(int)text[i]:x4}" : null;
            var added = piece?.Length ?? width;
            if (builder.Length + added > maxChars - 3)
            {
                return builder.Append("...").ToString();
            }

            if (piece is not null)
            {
                builder.Append(piece);
            }
            else
            {
                builder.Append(text.Slice(i, width));
                i += width - 1;
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(ReadOnlySpan<char> text, int index, out int width)
    {
        width = 1;
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[index + 1]));
            if (category is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                width = 1; // each half escaped on its own
                return true;
            }

            return false;
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
    }

    /// <summary>The property name or string the reader is on, quoted; one that does not decode is not quoted.</summary>
    public static string EchoToken(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan) ? "(not valid Unicode)" : Echo(reader.GetString()!);

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
