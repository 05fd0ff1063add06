namespace StatusStream.Retry;

/// <summary>
/// When the next retry is due: wait = min(BackoffMax, BackoffFactor * BackoffBase^c) seconds, c =
/// retries done so far, then spread by ±Jitter. With the defaults (3, 2, 48) the retries fall 3, 9,
/// 21, 45 and 93 s after the first failure.
/// </summary>
/// <param name="random">Uniform in [0, 1); Random.Shared by default, fixed in tests.</param>
internal sealed class BackoffSchedule(RetryPolicy policy, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public bool CanRetry(int retriesDone) => retriesDone < policy.MaxRetries;

    public TimeSpan DelayBeforeRetry(int retriesDone)
    {
        // Capped before it can overflow: base^c grows past double range long before c reaches int.MaxValue.
        var seconds = policy.BackoffMax;
        var growth = Math.Pow(policy.BackoffBase, retriesDone);
        if (!double.IsInfinity(growth) && policy.BackoffFactor * growth < policy.BackoffMax)
        {
            seconds = policy.BackoffFactor * growth;
        }

        if (policy.Jitter > 0)
        {
            seconds *= 1 + (policy.Jitter * ((2 * _random()) - 1));
        }

        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }

    public DateTimeOffset DueAt(DateTimeOffset failedAt, int retriesDone) => failedAt + DelayBeforeRetry(retriesDone);
}
