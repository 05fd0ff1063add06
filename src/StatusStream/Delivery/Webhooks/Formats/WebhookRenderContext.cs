namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>What a format may use besides the status itself.</summary>
/// <param name="ReceivedAt">When the input record that produced the status was received: the fallback for absent times.</param>
/// <param name="Settings">The endpoint's format settings.</param>
/// <param name="Subscription">For <see cref="WebhookProfile.Hal"/> only: the subscription this callback belongs to (adidas API guidelines).</param>
internal sealed record WebhookRenderContext(
    DateTimeOffset ReceivedAt,
    WebhookFormatSettings Settings,
    HalSubscriptionLink? Subscription = null)
{
    public static WebhookRenderContext Default(DateTimeOffset receivedAt) => new(receivedAt, WebhookFormatSettings.None);
}
