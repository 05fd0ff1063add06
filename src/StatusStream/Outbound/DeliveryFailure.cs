using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>
/// What a transport says about one failed attempt, already classified by that transport.
/// </summary>
/// <param name="Class">Transient (retry), permanent (dead-letter now) or fatal (stop the host).</param>
/// <param name="Description">One line for logs, headers and the history, e.g. "http:503: Service Unavailable"; never a secret.</param>
/// <param name="NotBefore">The receiver asked not to be tried again before this time (HTTP Retry-After), already capped by the transport.</param>
/// <param name="DeadLetterReason">The dead-letter reason when it should not be the generic one (e.g. "target-refused").</param>
/// <param name="NotAttempted">
/// Nothing was sent (a webhook endpoint's circuit breaker is open): a transient failure that waits until
/// <paramref name="NotBefore"/> with its attempt number and history unchanged, so it spends none of its retries.
/// </param>
internal sealed record DeliveryFailure(FailureClass Class, string Description, DateTimeOffset? NotBefore = null, string? DeadLetterReason = null,
    bool NotAttempted = false);
