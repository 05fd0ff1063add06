using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatusStream.Retry;

/// <summary>
/// The record of every failed attempt of a status, carried in the statusstream.history header from
/// retry to retry and onto the dead letter. Bounded, so headers never grow until the record is too
/// large (a known failure of retry-topic designs): the first attempt and the latest
/// <see cref="MaxKept"/> - 1 are kept, the ones between are only counted, and each error is one line
/// of at most <see cref="MaxErrorLength"/> characters (no stack traces). The header value is
/// therefore at most <see cref="MaxHeaderBytes"/> bytes (about 1.6 KB with ASCII errors).
/// </summary>
internal sealed class FailureHistory
{
    public const int MaxKept = 8;
    public const int MaxErrorLength = 120;

    /// <summary>8 entries of at most 80 bytes of JSON around an error of 120 characters at 3 UTF-8 bytes each, plus the envelope.</summary>
    public const int MaxHeaderBytes = (MaxKept * (80 + (3 * MaxErrorLength))) + 40;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private FailureHistory(IReadOnlyList<AttemptRecord> attempts, int omitted)
    {
        Attempts = attempts;
        Omitted = omitted;
    }

    public static FailureHistory Empty { get; } = new([], 0);

    /// <summary>The attempts kept, oldest first.</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; }

    /// <summary>Attempts dropped from the middle to keep the header bounded.</summary>
    public int Omitted { get; }

    public int TotalAttempts => Attempts.Count + Omitted;

    public FailureHistory Append(AttemptRecord attempt)
    {
        var bounded = attempt with { Error = OneBoundedLine(attempt.Error) };
        if (Attempts.Count < MaxKept)
        {
            return new FailureHistory([.. Attempts, bounded], Omitted);
        }

        // Keep the first attempt (when it started going wrong) and the latest ones (what goes wrong now).
        return new FailureHistory([Attempts[0], .. Attempts.Skip(2), bounded], Omitted + 1);
    }

    public string ToHeaderValue()
    {
        var attempts = new JsonArray();
        foreach (var attempt in Attempts)
        {
            attempts.Add(new JsonObject
            {
                ["n"] = attempt.Attempt,
                ["at"] = RetryRecord.Timestamp(attempt.At),
                ["class"] = FailureClassifier.Name(attempt.Class),
                ["error"] = attempt.Error,
            });
        }

        return new JsonObject { ["omitted"] = Omitted, ["attempts"] = attempts }.ToJsonString(Json);
    }

    /// <summary>Reads a header value back; an absent or damaged one gives <see cref="Empty"/> (a history is informative, never a reason to fail).</summary>
    public static FailureHistory Parse(string? headerValue) => TryParse(headerValue, out var history) ? history : Empty;

    public static bool TryParse(string? headerValue, out FailureHistory history)
    {
        history = Empty;
        if (string.IsNullOrEmpty(headerValue))
        {
            return true;
        }

        try
        {
            if (JsonNode.Parse(headerValue) is not JsonObject root || root["attempts"] is not JsonArray array)
            {
                return false;
            }

            var attempts = new List<AttemptRecord>();
            foreach (var node in array.Take(MaxKept))
            {
                if (node is not JsonObject entry
                    || !DateTimeOffset.TryParse(entry["at"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    return false;
                }

                var failureClass = entry["class"]?.GetValue<string>() switch
                {
                    "permanent" => FailureClass.Permanent,
                    "fatal" => FailureClass.Fatal,
                    _ => FailureClass.Transient,
                };
                attempts.Add(new AttemptRecord(entry["n"]?.GetValue<int>() ?? 0, at, failureClass, OneBoundedLine(entry["error"]?.GetValue<string>() ?? "")));
            }

            history = new FailureHistory(attempts, Math.Max(0, root["omitted"]?.GetValue<int>() ?? 0));
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static string OneBoundedLine(string error)
    {
        var line = new StringBuilder(Math.Min(error.Length, MaxErrorLength));
        foreach (var c in error)
        {
            if (line.Length == MaxErrorLength)
            {
                break;
            }

            line.Append(char.IsControl(c) ? ' ' : c);
        }

        // Never leave half a surrogate pair at the cut.
        if (line.Length > 0 && char.IsHighSurrogate(line[^1]))
        {
            line.Length--;
        }

        return line.ToString();
    }
}
