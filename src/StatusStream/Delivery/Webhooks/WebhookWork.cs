using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>One status waiting in its endpoint's queue, with its target already parsed.</summary>
/// <param name="Subscription">
/// The subscription's callback settings, looked up once when the status was queued (each retry is queued again, so it
/// uses the subscription as it is then); null for a status without one, or whose subscription is unknown here.
/// </param>
internal readonly record struct WebhookWork(OutboundStatus Outbound, Uri Target, SubscriptionWebhook? Subscription = null)
{
    // The generated ToString would print the URL with its user info and query string, which may carry a credential.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Outbound = ").Append(Outbound).Append(", Target = ").Append(Intake.WebhookUrl.Display(Target))
            .Append(", Subscription = ").Append(Subscription);
        return true;
    }
}
