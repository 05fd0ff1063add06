using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace StatusStream.Intake;

/// <summary>
/// What every input grammar of the contract shares around its own reading (<see cref="NotificationEventReader"/>,
/// <see cref="InboundMessageReader"/>): strict RFC 8259 in UTF-8 (no byte-order mark, comments or trailing commas,
/// nesting at most <see cref="NotificationEventReader.MaxDepth"/>), one document and nothing after it, and never a
/// throw: a parser or decoding error becomes <see cref="InvalidInputReason.NotJson"/>.
/// </summary>
internal static class StrictJsonInput
{
    /// <summary>Reads the root value the reader is about to reach; returns the problem, or null with <paramref name="value"/> set.</summary>
    public delegate InvalidInput? ReadRoot<in TState, T>(ref Utf8JsonReader reader, TState state, out T? value)
        where T : class;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = NotificationEventReader.MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <param name="state">Passed to <paramref name="readRoot"/>, so a static reader needs no closure (one allocation less per record).</param>
    /// <param name="what">For the detail when the reader returns neither: "(root): not &lt;what&gt;".</param>
    public static bool TryRead<TState, T>(
        ReadOnlySpan<byte> utf8Json,
        TState state,
        ReadRoot<TState, T> readRoot,
        string what,
        [NotNullWhen(true)] out T? value,
        [NotNullWhen(false)] out InvalidInput? invalid)
        where T : class
    {
        value = null;
        invalid = CheckEncoding(utf8Json);
        if (invalid is not null)
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            invalid = readRoot(ref reader, state, out value);

            // Reads to the end: trailing content, or a syntax error after a schema problem, makes it not JSON.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            invalid = InvalidInput.NotJson(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader's way of saying a string does not decode; every string is checked before it is decoded,
            // so this is a last line of defence that keeps a poison record from stopping the consumer.
            invalid = InvalidInput.NotJson($"a string does not decode: {ex.Message}");
        }

        if (invalid is null && value is not null)
        {
            return true;
        }

        value = null;
        invalid ??= InvalidInput.SchemaViolation($"(root): not {what}"); // the reader gives one or the other; keeps the contract total
        return false;
    }

    private static InvalidInput? CheckEncoding(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return InvalidInput.NotJson("the input is empty");
        }

        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            return InvalidInput.NotJson("the input starts with a byte-order mark (RFC 8259 forbids it)");
        }

        if (!Utf8.IsValid(utf8Json))
        {
            return InvalidInput.NotJson($"the input is not UTF-8 (invalid byte sequence at offset {FirstInvalidUtf8Offset(utf8Json)})");
        }

        return null;
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
