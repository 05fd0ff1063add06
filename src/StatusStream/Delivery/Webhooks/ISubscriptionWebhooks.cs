namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// How the webhook transport learns a subscription's callback settings (adidas API guidelines) from the id a status
/// carries (<see cref="Intake.StatusCallback.Subscription"/>): looked up once per attempt, when it is queued, so retries use the
/// subscription as it is now. Implemented by the subscriptions feature; absent without it.
/// </summary>
internal interface ISubscriptionWebhooks
{
    /// <summary>The subscription's settings, or null when it is unknown here (ended before this instance started).</summary>
    SubscriptionWebhook? Find(Guid subscription);
}
