using StatusStream.Delivery.Webhooks;
using StatusStream.Intake;
using StatusStream.Pipeline;
using StatusStream.Retry;
using StatusStream.Routing;

namespace StatusStream.Cli;

/// <summary>
/// Every reason a dead letter can carry (statusstream.reason), so `dlq --reason` refuses a misspelt one instead of
/// reporting that nothing matched. Each transport and stage names its own reasons; this is where the operator's list
/// of them lives. DeadLetterReasonsTests checks that no reason constant of the app is missing.
/// </summary>
internal static class DeadLetterReasons
{
    public static IReadOnlyList<string> Known { get; } =
    [
        .. Enum.GetValues<InvalidInputReason>().Select(reason => new InvalidInput(reason, "").Code),
        RetryTopicReader.UnreadableRetryRecordReason,
        DeliveryFailureHandler.RetriesExhaustedReason,
        DeliveryFailureHandler.PermanentFailureReason,
        RetryParker.TooLargeToParkReason,
        CallbackRouter.TransportUnavailableReason,
        SourceNamespacePolicy.SourceRequiredReason,
        SourceNamespacePolicy.ForeignNamespaceReason,
        WebhookFailureClassifier.RefusedByReceiverReason,
        WebhookFailureClassifier.ReceiverGoneReason,
        WebhookFailureClassifier.RedirectReason,
        WebhookFailureClassifier.TargetRefusedReason,
        WebhookDelivery.UnknownEndpointReason,
        WebhookDelivery.EndpointDisabledReason,
        WebhookSender.SubscriptionEndedReason,
    ];

    public static bool IsKnown(string reason) => Known.Contains(reason, StringComparer.Ordinal);
}
