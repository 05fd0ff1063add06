using Microsoft.Extensions.Options;

namespace StatusStream.Delivery.Webhooks;

/// <summary>Which named endpoint (Webhooks:Endpoints) a target URL belongs to: the longest matching Url prefix.</summary>
internal sealed class NamedEndpointMatcher(IOptions<WebhookOptions> options)
{
    private readonly KeyValuePair<string, WebhookEndpointOptions>[] _byPrefixLength =
        options.Value.Endpoints.OrderByDescending(pair => pair.Value.Url.Length).ToArray();

    /// <summary>The endpoint's name and settings, or null when no named endpoint matches.</summary>
    public KeyValuePair<string, WebhookEndpointOptions>? Match(string target)
    {
        foreach (var pair in _byPrefixLength)
        {
            if (pair.Value.Url.Length > 0 && target.StartsWith(pair.Value.Url, StringComparison.Ordinal))
            {
                return pair;
            }
        }

        return null;
    }
}
