namespace StatusStream.Retry;

/// <summary>The retry settings that apply to one callback target: the defaults with its route's overrides.</summary>
/// <param name="OrderScope">
/// With <paramref name="OrderedKeys"/>: one order for every status of the target (a webhook endpoint
/// that takes the next event only after the previous one got 200, as OSP asks) instead of one per input key.
/// </param>
internal sealed record RetryPolicy(int MaxRetries, double BackoffFactor, double BackoffBase, double BackoffMax, double Jitter, bool OrderedKeys, string? OrderScope = null);
