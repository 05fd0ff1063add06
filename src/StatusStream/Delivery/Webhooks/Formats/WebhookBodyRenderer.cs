using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// The entry point the webhook delivery calls: the body of one status in one endpoint's profile.
/// Stateless and thread-safe; register it once.
/// </summary>
internal sealed class WebhookBodyRenderer
{
    // Indexed by WebhookProfile's value.
    private readonly IWebhookFormat[] _formats =
    [
        new CityOsStatusFormat(),
        new OspEventFormat(),
        new GovUkNotifyReceiptFormat(),
        new HalCallbackFormat(),
    ];

    public WebhookBody Render(WebhookProfile profile, NotificationStatus status, WebhookRenderContext context) =>
        FormatOf(profile).Render(status, context);

    public IWebhookFormat FormatOf(WebhookProfile profile) =>
        (uint)profile < (uint)_formats.Length
            ? _formats[(int)profile]
            : throw new ArgumentOutOfRangeException(nameof(profile), profile, "not a webhook profile");
}
