using Microsoft.Extensions.Options;
using StatusStream.Intake;

namespace StatusStream.Retry;

/// <summary>
/// The retry policy of a callback target: the Retry defaults, overridden by the best matching
/// Retry:Routes entry, then by the policy a transport gives its own targets (a webhook endpoint's
/// retry settings). One place, so the failure decision and per-key ordering agree.
/// </summary>
internal sealed class RetryPolicies(IOptions<RetryOptions> options, IEnumerable<IRetryPolicySource> sources)
{
    private readonly IRetryPolicySource[] _sources = sources.ToArray();

    public RetryPolicy For(StatusCallback callback)
    {
        var policy = options.Value.PolicyFor(callback.Target);
        foreach (var source in _sources)
        {
            policy = source.Apply(callback, policy);
        }

        return policy;
    }

    /// <summary>
    /// The key a status keeps its order by: the target's own scope (one webhook endpoint), else the input record's key
    /// (what its producer partitioned by), else the input's id; null when the target's route is not ordered.
    /// </summary>
    public string? OrderingKeyOf(StatusCallback callback, byte[]? inputKey, Guid inputId)
    {
        var policy = For(callback);
        return policy.OrderedKeys
            ? policy.OrderScope ?? (inputKey is { Length: > 0 } key ? Convert.ToBase64String(key) : inputId.ToString("N"))
            : null;
    }
}
