using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// <c>cityos</c>, the default: City OS's NotificationStatus JSON, byte for byte what the Kafka callback
/// carries, so a receiver can switch between the two callback types without changing its parser.
/// </summary>
internal sealed class CityOsStatusFormat : IWebhookFormat
{
    // Plain JSON, as the Kafka callback's content-type header says; kept here so the formats depend on no delivery code.
    public const string ContentType = "application/json";

    public WebhookProfile Profile => WebhookProfile.CityOs;

    public WebhookBody Render(NotificationStatus status, WebhookRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new WebhookBody(NotificationStatusJson.Serialize(status), ContentType);
    }
}
