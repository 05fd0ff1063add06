using System.Text;
using Confluent.Kafka;

namespace StatusStream.Records;

/// <summary>Headers as UTF-8 text: every header StatusStream writes is readable with kcat.</summary>
internal static class HeaderText
{
    public static void Add(Headers headers, string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));

    /// <summary>The last value of <paramref name="name"/> (Kafka allows repeats; the last one wins).</summary>
    public static bool TryGet(Headers? headers, string name, out string value)
    {
        if (headers is not null && headers.TryGetLastBytes(name, out var bytes) && bytes is not null)
        {
            value = Encoding.UTF8.GetString(bytes);
            return true;
        }

        value = "";
        return false;
    }

    public static string? GetOrNull(Headers? headers, string name) => TryGet(headers, name, out var value) ? value : null;
}
