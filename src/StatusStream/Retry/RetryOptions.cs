namespace StatusStream.Retry;

/// <summary>
/// The retry ladder. Configuration section "Retry". The wait before retry c+1 is
/// BackoffFactor * BackoffBase^c seconds (c = retries done so far), capped at BackoffMax and spread
/// by ±Jitter; the defaults are seed 003's 3, 9, 21, 45, 93 s after the first failure.
/// </summary>
internal sealed class RetryOptions
{
    public const string SectionName = "Retry";

    /// <summary>Retries after the first attempt; then the status is dead-lettered.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Seconds: the first wait.</summary>
    public double BackoffFactor { get; set; } = 3;

    public double BackoffBase { get; set; } = 2;

    /// <summary>Seconds: the cap on one wait.</summary>
    public double BackoffMax { get; set; } = 48;

    /// <summary>Fraction each wait is spread by (0.2 = ±20%), so many statuses failing together do not retry together.</summary>
    public double Jitter { get; set; }

    /// <summary>Per-key ordered mode: later statuses of a key wait behind one in retry.</summary>
    public bool OrderedKeys { get; set; }

    /// <summary>
    /// Overrides per callback target. A key is an exact target (a callback topic or webhook URL) or a
    /// prefix ending in <c>*</c> (the only place a <c>*</c> may stand); the longest matching key wins.
    /// </summary>
    public Dictionary<string, RetryRouteOptions> Routes { get; set; } = new(StringComparer.Ordinal);

    public RetryPolicy PolicyFor(string callbackTarget)
    {
        var route = BestRoute(callbackTarget);
        return new RetryPolicy(
            route?.MaxRetries ?? MaxRetries,
            route?.BackoffFactor ?? BackoffFactor,
            route?.BackoffBase ?? BackoffBase,
            route?.BackoffMax ?? BackoffMax,
            route?.Jitter ?? Jitter,
            route?.OrderedKeys ?? OrderedKeys);
    }

    private RetryRouteOptions? BestRoute(string target)
    {
        if (Routes.Count == 0)
        {
            return null;
        }

        if (Routes.TryGetValue(target, out var exact))
        {
            return exact;
        }

        RetryRouteOptions? best = null;
        var bestLength = -1;
        foreach (var (key, route) in Routes)
        {
            if (key.EndsWith('*') && key.Length - 1 > bestLength && target.StartsWith(key.AsSpan(0, key.Length - 1), StringComparison.Ordinal))
            {
                best = route;
                bestLength = key.Length - 1;
            }
        }

        return best;
    }
}
