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
}
