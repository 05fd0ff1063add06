using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.Delivery;

/// <summary>
/// How every transport ends an attempt: delivered (counted, told to whoever listens for successes, acknowledged so its
/// offset may commit) or failed (handed to the one failure decision, which retries, parks or dead-letters). A transport
/// only says which; the order and the bookkeeping live here.
/// </summary>
/// <param name="transport">The transport's tag on the delivered count ("kafka", "webhook"); a subscription's status counts as "subscription".</param>
/// <param name="successes">Registered only when a feature wants to hear of successful deliveries (subscriptions).</param>
internal sealed class DeliveryOutcomes(string transport, IDeliveryFailures failures, IDeliverySuccesses? successes = null, StatusStreamMetrics? metrics = null)
{
    public void Delivered(OutboundStatus outbound)
    {
        metrics?.Delivered(outbound.Callback.Subscription is null ? transport : "subscription", outbound.Attempt.Number, outbound.Origin.Timestamp, outbound.KindTag);
        successes?.Delivered(outbound);
        outbound.Acknowledge();
    }

    public void Failed(OutboundStatus outbound, DeliveryFailure failure) => failures.Failed(outbound, failure);
}
