using System.Text;
using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// How dead-letter details quote input: at most <see cref="MaxEchoedChars"/> characters, control characters replaced
/// (a detail becomes a Kafka header and a log field), never a surrogate pair split.
/// </summary>
internal static class DetailText
{
    public const int MaxEchoedChars = 64;

    /// <summary>The value in quotes, cut to <see cref="MaxEchoedChars"/> characters ("..." after the quote when cut).</summary>
    public static string Echo(string value)
    {
        var length = Math.Min(value.Length, MaxEchoedChars);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        var builder = new StringBuilder(length + 5).Append('"');
        foreach (var c in value.AsSpan(0, length))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.Append(length < value.Length ? "\"..." : "\"").ToString();
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
