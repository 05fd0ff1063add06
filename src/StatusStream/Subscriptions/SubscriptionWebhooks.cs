using StatusStream.Delivery.Webhooks;

namespace StatusStream.Subscriptions;

/// <summary>Hands the webhook transport a subscription's profile, HAL link and signing secret by id.</summary>
internal sealed class SubscriptionWebhooks(SubscriptionStore store) : ISubscriptionWebhooks
{
    public SubscriptionWebhook? Find(Guid subscription) => store.Settings(subscription)?.Webhook;
}
