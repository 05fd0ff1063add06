namespace StatusStream.Retry;

/// <summary>
/// The retry ladder. Configuration section "Retry". The wait before retry c+1 is
/// BackoffFactor * BackoffBase^c seconds (c = retries done so far), capped at BackoffMax and spread
/// by ±Jitter; the defaults are Open Notificaties' 3, 9, 21, 45, 93 s after the first failure.
/// </summary>
internal sealed class RetryOptions
{
    public const string SectionName = "Retry";

    /// <summary>Retries after the first attempt; then the status is dead-lettered.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Seconds: the first wait.</summary>
    public double BackoffFactor { get; set; } = 3;

    /// <summary>Each wait is this many times the one before (2 = binary exponential backoff).</summary>
    public double BackoffBase { get; set; } = 2;

    /// <summary>Seconds: the cap on one wait (before jitter).</summary>
    public double BackoffMax { get; set; } = 48;

    /// <summary>Fraction each wait is spread by (0.2 = ±20%), so many statuses failing together do not retry together.</summary>
    public double Jitter { get; set; }

    /// <summary>Per-key ordered mode: later statuses of a key wait behind one in retry.</summary>
    public bool OrderedKeys { get; set; }

    /// <summary>
    /// Seconds: the retry consumer holds a record in memory until its due time only if it is due within this horizon; one
    /// due later is held this long and then written back to the end of the retry topic, so no record keeps its retry
    /// partition uncommitted for longer (global only, not per route).
    /// </summary>
    public double HoldSeconds { get; set; } = 60;

    /// <summary>Records the retry consumer holds in memory at most; past it the furthest-due go back to the retry topic early (global only).</summary>
    public int MaxHeldStatuses { get; set; } = 20_000;

    /// <summary>
    /// Overrides per callback target, e.g. "Retry:Routes:osp.*:MaxRetries" = 3. A key (or the route's
    /// <see cref="RetryRouteOptions.Target"/>, for webhook URLs, whose ':' cannot stand in a key) is an
    /// exact target (a callback topic or webhook URL) or a prefix ending in <c>*</c>; <c>*</c> is only
    /// allowed at the end (it is not a wildcard elsewhere). An exact match beats any prefix; among
    /// prefixes the longest wins. Matching is case-sensitive, as Kafka topic names are. Dots in keys
    /// are fine: configuration paths are separated by ':'.
    /// </summary>
    public Dictionary<string, RetryRouteOptions> Routes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The defaults, overridden by whatever the best matching route sets.</summary>
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
        RetryRouteOptions? best = null;
        var bestLength = -1;
        foreach (var (key, route) in Routes)
        {
            var pattern = route.Target ?? key;
            if (pattern == target)
            {
                return route;
            }

            if (pattern.EndsWith('*')
                && pattern.Length - 1 > bestLength
                && target.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal))
            {
                best = route;
                bestLength = pattern.Length - 1;
            }
        }

        return best;
    }
}
