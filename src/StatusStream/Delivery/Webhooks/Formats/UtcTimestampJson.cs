using System.Globalization;
using System.Text.Json;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>Writes a time as a JSON string in UTC with a fixed pattern, without allocating a string for it.</summary>
internal static class UtcTimestampJson
{
    // The longest pattern used ("yyyy-MM-ddTHH:mm:ss.ffffffZ") is 27 bytes.
    private const int MaxBytes = 32;

    /// <param name="pattern">A custom DateTime pattern with every separator quoted, so no culture can change it.</param>
    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value, string pattern)
    {
        Span<byte> text = stackalloc byte[MaxBytes];
        if (!value.UtcDateTime.TryFormat(text, out var written, pattern, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"timestamp pattern {pattern} is longer than {MaxBytes} bytes");
        }

        writer.WriteString(name, text[..written]);
    }
}
