using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// What a subscription's callback request needs beyond its URL: the body profile (<c>hal</c> by default),
/// the HAL link it repeats, and its own signing secret. Replaces the endpoint's profile and credentials:
/// an operator's credentials for a named endpoint never go to a URL a subscriber chose.
/// </summary>
internal sealed record SubscriptionWebhook(WebhookProfile Profile, HalSubscriptionLink Link, IReadOnlyList<WebhookSigningKey> SigningKeys);
