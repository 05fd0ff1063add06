using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// What a subscription's callback request needs: its URL, the body profile (<c>hal</c> by default), the HAL link it
/// repeats, and its own signing secret. Replaces the endpoint's profile and credentials: an operator's credentials for
/// a named endpoint never go to a URL a subscriber chose.
/// </summary>
/// <param name="Url">The callback URL as the subscriber gave it (it may carry a token): never printed.</param>
internal sealed record SubscriptionWebhook(string Url, WebhookProfile Profile, HalSubscriptionLink Link, IReadOnlyList<WebhookSigningKey> SigningKeys)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Profile = ").Append(Profile).Append(", Link = ").Append(Link.SelfHref);
        return true;
    }
}
