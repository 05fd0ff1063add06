using Microsoft.Extensions.Logging;
using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>
/// In front of the router (the one <see cref="IStatusDelivery"/>): a status for a subscription that has
/// been cancelled, completed or disabled since it was routed (waiting on the retry topic, say) is
/// acknowledged and dropped, so a cancelled subscription receives nothing more. Everything else passes.
/// </summary>
internal sealed class SubscriptionGate(IStatusDelivery inner, SubscriptionStore store, ILogger<SubscriptionGate> logger) : IStatusDelivery
{
    public void Deliver(OutboundStatus outbound)
    {
        if (outbound.Callback.Subscription is { } id && !store.IsDeliverable(id))
        {
            SubscriptionLog.Dropped(logger, outbound.ItemId, id);
            outbound.Acknowledge();
            return;
        }

        inner.Deliver(outbound);
    }
}
