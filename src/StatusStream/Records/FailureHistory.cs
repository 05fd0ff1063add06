using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StatusStream.Records;

/// <summary>
/// The record of every failed attempt of a status, carried in the statusstream.history header from
/// retry to retry and onto the dead letter, readable with kcat:
/// <c>{"omitted":0,"attempts":[{"n":1,"at":"2026-11-25T10:00:00.000Z","class":"transient","error":"kafka:..."}]}</c>.
/// Bounded, so headers never grow until the record is too large (a known failure of retry-topic
/// designs): the first attempt (when it started going wrong) and the latest <see cref="MaxKept"/> - 1
/// (what goes wrong now) are kept, the ones between are only counted in "omitted", and each error is
/// one line of at most <see cref="MaxErrorLength"/> characters and as many bytes once written as JSON
/// (no stack traces). The header value is therefore at most <see cref="MaxHeaderBytes"/> = 1,964 bytes,
/// whatever the errors hold.
/// </summary>
internal sealed class FailureHistory
{
    /// <summary>Attempts kept: the first and the latest seven.</summary>
    public const int MaxKept = 8;

    /// <summary>Characters of one error, and UTF-8 bytes of its JSON form (quotes and non-ASCII cost more than one).</summary>
    public const int MaxErrorLength = 160;

    /// <summary>
    /// One entry around its error: <c>{"n":</c> 5 + attempt 11 (int.MinValue) + <c>,"at":"</c> 7 + time 24
    /// + <c>","class":"</c> 11 + class 9 + <c>","error":"</c> 11 + <c>"}</c> 2 + the comma 1 = 81 bytes.
    /// </summary>
    public const int MaxEntryOverheadBytes = 81;

    /// <summary><c>{"omitted":</c> 11 + count 10 + <c>,"attempts":[</c> 13 + <c>]}</c> 2 = 36 bytes.</summary>
    public const int MaxEnvelopeBytes = 36;

    /// <summary>The most the header value can take: 8 × (81 + 160) + 36 = 1,964 bytes, under 2 KiB.</summary>
    public const int MaxHeaderBytes = (MaxKept * (MaxEntryOverheadBytes + MaxErrorLength)) + MaxEnvelopeBytes;

    /// <summary>Millisecond UTC, fixed width (24 characters) so the bound above holds.</summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // Relaxed: an operator reading the header sees "é" and "<", not \u00E9 and \u003C; only ", \ and
    // what JSON forbids are escaped.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    private FailureHistory(IReadOnlyList<AttemptRecord> attempts, int omitted)
    {
        Attempts = attempts;
        Omitted = omitted;
    }

    public static FailureHistory Empty { get; } = new([], 0);

    /// <summary>The attempts kept, oldest first: the first attempt and the latest ones.</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; }

    /// <summary>Attempts dropped from the middle to keep the header bounded.</summary>
    public int Omitted { get; }

    public int TotalAttempts => Attempts.Count + Omitted;

    /// <summary>A new history with <paramref name="attempt"/> at the end (its error made one bounded line).</summary>
    public FailureHistory Append(AttemptRecord attempt)
    {
        var bounded = attempt with { Error = OneBoundedLine(attempt.Error) };
        return Bounded([.. Attempts, bounded], Omitted);
    }

    public string ToHeaderValue()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("omitted", Omitted);
            json.WriteStartArray("attempts");
            foreach (var attempt in Attempts)
            {
                json.WriteStartObject();
                json.WriteNumber("n", attempt.Attempt);
                json.WriteString("at", attempt.At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
                json.WriteString("class", FailureClassNames.Name(attempt.Class));
                json.WriteString("error", attempt.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a header value back; an absent or damaged one gives <see cref="Empty"/> (a history is informative, never a reason to fail).</summary>
    public static FailureHistory Parse(string? headerValue) => TryParse(headerValue, out var history) ? history : Empty;

    /// <summary>
    /// False when the value is not a history (then <paramref name="history"/> is <see cref="Empty"/>);
    /// an absent value is a valid, empty history. Never throws. What is read is bounded again, so a
    /// header written by hand cannot smuggle in more than <see cref="MaxKept"/> entries or long errors.
    /// </summary>
    public static bool TryParse(string? headerValue, out FailureHistory history)
    {
        history = Empty;
        if (string.IsNullOrEmpty(headerValue))
        {
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerValue);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("attempts", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var omitted = 0;
            if (root.TryGetProperty("omitted", out var omittedElement)
                && (omittedElement.ValueKind != JsonValueKind.Number || !omittedElement.TryGetInt32(out omitted) || omitted < 0))
            {
                return false;
            }

            var attempts = new List<AttemptRecord>();
            foreach (var entry in array.EnumerateArray())
            {
                if (!TryReadAttempt(entry, out var attempt))
                {
                    return false;
                }

                attempts.Add(attempt);
            }

            history = Bounded(attempts, omitted);
            return true;
        }
    }

    private static bool TryReadAttempt(JsonElement entry, out AttemptRecord attempt)
    {
        attempt = null!;
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("n", out var n) || n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out var number)
            || !entry.TryGetProperty("at", out var at) || at.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || !entry.TryGetProperty("class", out var classElement) || classElement.ValueKind != JsonValueKind.String
            || !TryParseClass(classElement.GetString(), out var failureClass))
        {
            return false;
        }

        var error = entry.TryGetProperty("error", out var errorElement) && errorElement.ValueKind == JsonValueKind.String
            ? errorElement.GetString() ?? ""
            : "";
        attempt = new AttemptRecord(number, time, failureClass, OneBoundedLine(error));
        return true;
    }

    private static bool TryParseClass(string? name, out FailureClass failureClass)
    {
        foreach (var candidate in Enum.GetValues<FailureClass>())
        {
            if (FailureClassNames.Name(candidate) == name)
            {
                failureClass = candidate;
                return true;
            }
        }

        failureClass = default;
        return false;
    }

    /// <summary>Keeps the first attempt and the latest <see cref="MaxKept"/> - 1; the ones between are counted.</summary>
    private static FailureHistory Bounded(List<AttemptRecord> attempts, int omitted)
    {
        if (attempts.Count <= MaxKept)
        {
            return new FailureHistory(attempts, omitted);
        }

        var dropped = attempts.Count - MaxKept;
        var kept = new List<AttemptRecord>(MaxKept) { attempts[0] };
        kept.AddRange(attempts.Skip(1 + dropped));

        // Saturate rather than wrap: a count that large is already "very many".
        var total = Math.Min((long)omitted + dropped, int.MaxValue);
        return new FailureHistory(kept, (int)total);
    }

    /// <summary>
    /// Control characters (newlines, tabs) become spaces, half a surrogate pair the replacement character, and the text is cut at
    /// <see cref="MaxErrorLength"/> characters or as many bytes of JSON, whichever comes first; never
    /// inside a surrogate pair.
    /// </summary>
    private static string OneBoundedLine(string? error)
    {
        if (string.IsNullOrEmpty(error))
        {
            return "";
        }

        var line = new StringBuilder(Math.Min(error.Length, MaxErrorLength));
        var jsonBytes = 0;
        for (var i = 0; i < error.Length && line.Length < MaxErrorLength;)
        {
            var width = char.IsHighSurrogate(error[i]) && i + 1 < error.Length && char.IsLowSurrogate(error[i + 1]) ? 2 : 1;
            var element = char.IsControl(error[i]) ? " "
                : width == 1 && char.IsSurrogate(error[i]) ? "\uFFFD" // half a pair cannot be written as UTF-8
                : error.Substring(i, width);
            var cost = JsonBytes(element);
            if (line.Length + element.Length > MaxErrorLength || jsonBytes + cost > MaxErrorLength)
            {
                break;
            }

            line.Append(element);
            jsonBytes += cost;
            i += width;
        }

        return line.ToString();
    }

    /// <summary>UTF-8 bytes of a character (or surrogate pair) inside a JSON string written with <see cref="Encoder"/>.</summary>
    private static int JsonBytes(string element)
    {
        var c = element[0];
        if (element.Length == 1 && c is >= ' ' and < (char)0x7F && c is not '"' and not '\\')
        {
            return 1;
        }

        return Encoding.UTF8.GetByteCount(Encoder.Encode(element));
    }
}
