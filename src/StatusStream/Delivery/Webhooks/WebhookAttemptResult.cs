using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>The outcome of one HTTP attempt: delivered when <see cref="Failure"/> is null.</summary>
internal sealed record WebhookAttemptResult(DeliveryFailure? Failure)
{
    public static WebhookAttemptResult Delivered { get; } = new(Failure: null);
}
