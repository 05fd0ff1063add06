using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Intake;
using StatusStream.Retry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// A named endpoint's retry settings over the Retry defaults. The osp profile brings OSP's rules
/// unless the endpoint says otherwise: at most 3 retries, and the next event only after the previous
/// one got 200 (one order for the whole endpoint).
/// </summary>
internal sealed class WebhookRetryPolicies(NamedEndpointMatcher endpoints) : IRetryPolicySource
{
    private const int OspMaxRetries = 3;

    public RetryPolicy Apply(StatusCallback callback, RetryPolicy policy)
    {
        if (callback.Type != CallbackType.Webhook || endpoints.Match(callback.Target) is not { } endpoint)
        {
            return policy;
        }

        var settings = endpoint.Value;
        var osp = string.Equals(settings.Profile, WebhookProfileName.Osp, StringComparison.Ordinal);
        var ordered = settings.Ordered ?? osp;
        return policy with
        {
            MaxRetries = settings.MaxRetries ?? (osp ? OspMaxRetries : policy.MaxRetries),
            BackoffFactor = settings.BackoffFactor ?? policy.BackoffFactor,
            BackoffMax = settings.BackoffMax ?? policy.BackoffMax,
            OrderedKeys = ordered || policy.OrderedKeys,
            OrderScope = ordered ? "webhook:" + endpoint.Key : policy.OrderScope,
        };
    }
}
