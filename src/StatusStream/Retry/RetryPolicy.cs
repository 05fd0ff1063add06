namespace StatusStream.Retry;

/// <summary>The retry settings that apply to one callback target: the defaults with its route's overrides.</summary>
internal sealed record RetryPolicy(int MaxRetries, double BackoffFactor, double BackoffBase, double BackoffMax, double Jitter, bool OrderedKeys);
