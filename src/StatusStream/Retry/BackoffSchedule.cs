namespace StatusStream.Retry;

/// <summary>
/// When the next retry is due. Pure: the caller brings the time of the failure (from its
/// TimeProvider), so this never reads a clock. Wait before retry c+1 = min(BackoffMax,
/// BackoffFactor * BackoffBase^c) seconds, c = retries done so far, then spread by ±Jitter (so a
/// capped wait may be up to BackoffMax × (1 + Jitter)). With the defaults (3, 2, 48) the waits are 3,
/// 6, 12, 24, 48 s and the retries fall 3, 9, 21, 45 and 93 s after the first failure.
/// </summary>
/// <param name="random">Uniform in [0, 1); Random.Shared by default, fixed in tests.</param>
internal sealed class BackoffSchedule(RetryPolicy policy, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public RetryPolicy Policy => policy;

    /// <summary>Whether another retry is allowed after <paramref name="retriesDone"/> retries (not counting the first attempt).</summary>
    public bool CanRetry(int retriesDone) => retriesDone < policy.MaxRetries;

    /// <summary>
    /// The wait before the next retry. A negative count (a damaged header) counts as none, so the
    /// wait is never shorter than the first one.
    /// </summary>
    public TimeSpan DelayBeforeRetry(int retriesDone)
    {
        // Capped before it can overflow: base^c reaches Infinity (and factor * Infinity stays
        // Infinity) long before c reaches int.MaxValue, and TimeSpan.FromSeconds(Infinity) throws.
        var seconds = policy.BackoffMax;
        var growth = Math.Pow(policy.BackoffBase, Math.Max(0, retriesDone));
        var uncapped = policy.BackoffFactor * growth;
        if (double.IsFinite(uncapped) && uncapped < policy.BackoffMax)
        {
            seconds = uncapped;
        }

        if (policy.Jitter > 0)
        {
            seconds *= 1 + (policy.Jitter * ((2 * _random()) - 1));
        }

        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }

    /// <summary>When the next retry may be made, for a failure at <paramref name="failedAt"/>.</summary>
    public DateTimeOffset DueAt(DateTimeOffset failedAt, int retriesDone) => failedAt + DelayBeforeRetry(retriesDone);
}
