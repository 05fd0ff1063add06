using StatusStream.Intake;

namespace StatusStream.Retry;

/// <summary>A transport's own retry settings for some targets (e.g. a webhook endpoint's MaxRetries), applied over the Retry defaults.</summary>
internal interface IRetryPolicySource
{
    /// <summary>Returns <paramref name="policy"/> unchanged for targets it does not know.</summary>
    RetryPolicy Apply(StatusCallback callback, RetryPolicy policy);
}
