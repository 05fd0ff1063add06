using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>Which delivery attempt a status is on, and what went wrong before it.</summary>
/// <param name="Number">1 for the first delivery, 2 for the first retry, and so on.</param>
/// <param name="FirstFailureAt">When attempt 1 failed; null while nothing has failed.</param>
/// <param name="History">The bounded record of every failed attempt so far.</param>
internal sealed record DeliveryAttempt(int Number, DateTimeOffset? FirstFailureAt, FailureHistory History)
{
    public static DeliveryAttempt First { get; } = new(1, null, FailureHistory.Empty);

    /// <summary>Retries already made before this attempt (what the backoff exponent counts).</summary>
    public int RetriesDone => Number - 1;

    /// <summary>This attempt failed: the history that records it, and the attempt that comes next.</summary>
    public DeliveryAttempt Failed(AttemptRecord failure) =>
        new(Number + 1, FirstFailureAt ?? failure.At, History.Append(failure));
}
