using Microsoft.Extensions.Logging;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;

namespace StatusStream.Subscriptions;

/// <summary>
/// What a delivery's outcome means for its subscription. Success: an only-once subscription ends (a
/// tombstone, reason completed). Failure, before the one failure decision runs: a 410 Gone disables the
/// subscription; an only-once subscription whose status is dead-lettered (permanent, or retries used up)
/// is released, so the next matching event may have it. Never blocks (delivery-report threads).
/// </summary>
internal sealed class SubscriptionDeliveryOutcomes(
    DeliveryFailureHandler decision,
    SubscriptionStore store,
    SubscriptionWriter writer,
    RetryPolicies policies,
    ILogger<SubscriptionDeliveryOutcomes> logger) : IDeliverySuccesses, IDeliveryFailures
{
    public void Delivered(OutboundStatus outbound)
    {
        if (outbound.Callback.Subscription is { } id
            && store.Settings(id) is { Mode: SubscriptionMode.OnlyOnce } subscription
            && store.TryStop(id))
        {
            SubscriptionLog.Completed(logger, id);
            writer.EndInBackground(id, subscription.Namespace, EndReason.Completed);
        }
    }

    public void Failed(OutboundStatus outbound, DeliveryFailure failure)
    {
        if (outbound.Callback.Subscription is { } id && store.Settings(id) is { } subscription)
        {
            if (failure.DeadLetterReason == Delivery.Webhooks.WebhookFailureClassifier.ReceiverGoneReason && store.TryStop(id))
            {
                SubscriptionLog.Disabled(logger, id);
                writer.DisableInBackground(subscription);
            }
            else if (subscription.Mode == SubscriptionMode.OnlyOnce && GoesToDeadLetters(outbound, failure))
            {
                store.Release(id);
            }
        }

        decision.Failed(outbound, failure);
    }

    private bool GoesToDeadLetters(OutboundStatus outbound, DeliveryFailure failure) =>
        failure.Class == FailureClass.Permanent
        || (failure.Class == FailureClass.Transient && !new BackoffSchedule(policies.For(outbound.Callback)).CanRetry(outbound.Attempt.RetriesDone));
}
