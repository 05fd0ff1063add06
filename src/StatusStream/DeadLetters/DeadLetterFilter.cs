using System.Globalization;

namespace StatusStream.DeadLetters;

/// <summary>Which dead letters an operator command looks at: by reason, by target (exact or prefix*), and since a time.</summary>
internal sealed record DeadLetterFilter(string? Reason, string? Target, DateTimeOffset? Since)
{
    public bool Matches(DeadLetter deadLetter) =>
        !deadLetter.IsReplayMarker
        && (Reason is null || deadLetter.Reason == Reason)
        && (Target is null || TargetMatches(deadLetter.ShownTarget))
        && (Since is null || deadLetter.DeadLetteredAt >= Since);

    /// <summary>
    /// An RFC 3339 time, or a duration back from <paramref name="now"/>: a number with s, m, h or d
    /// (e.g. "30m", "2h", "1d"). Returns false with a message naming the accepted forms.
    /// </summary>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since, out string error)
    {
        error = "";
        if (text.Length >= 2 && "smhd".Contains(text[^1], StringComparison.Ordinal)
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount))
        {
            var seconds = amount * text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 86_400 };
            // A duration reaching back past the year 1 (or past what a TimeSpan holds) would throw: say so instead.
            if (seconds <= (now - DateTimeOffset.MinValue).TotalSeconds)
            {
                since = now - TimeSpan.FromSeconds(seconds);
                return true;
            }

            since = default;
            error = $"--since '{text}' reaches back further than the year 1.";
            return false;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since))
        {
            return true;
        }

        error = $"--since '{text}' is neither an RFC 3339 time (2026-11-25T10:00:00Z) nor a duration (30s, 15m, 2h, 1d).";
        return false;
    }

    private bool TargetMatches(string? target) =>
        target is not null && (Target!.EndsWith('*')
            ? target.StartsWith(Target[..^1], StringComparison.Ordinal)
            : target == Target);
}
