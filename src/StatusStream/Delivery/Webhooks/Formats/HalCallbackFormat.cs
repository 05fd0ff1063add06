using System.Text.Json;
using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// <c>hal</c>: the adidas API guidelines' callback to a subscriber, the subscription's HAL representation with the status inside:
/// <c>{"_links":{"self":{"href":…}},"UUID":…,"message":…,"status":&lt;City OS's NotificationStatus&gt;}</c>
/// (<c>message</c> only when the subscription has one). The adidas API guidelines' example leaves the payload's name open; it is
/// <c>status</c> here, the NotificationStatus exactly as <c>cityos</c> sends it.
/// </summary>
internal sealed class HalCallbackFormat : IWebhookFormat
{
    public const string ContentType = "application/hal+json";

    private static readonly JsonEncodedText LinksName = JsonEncodedText.Encode("_links");
    private static readonly JsonEncodedText SelfName = JsonEncodedText.Encode("self");
    private static readonly JsonEncodedText HrefName = JsonEncodedText.Encode("href");
    private static readonly JsonEncodedText UuidName = JsonEncodedText.Encode("UUID");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");

    public WebhookProfile Profile => WebhookProfile.Hal;

    /// <exception cref="InvalidOperationException">The context names no subscription: a hal body only exists for one.</exception>
    public WebhookBody Render(NotificationStatus status, WebhookRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(context);
        var subscription = context.Subscription
            ?? throw new InvalidOperationException("the hal profile needs WebhookRenderContext.Subscription (the adidas API guidelines' callbacks belong to a subscription)");

        // Serialized before Start(): both use per-thread writers, and this keeps the status's bytes exactly cityos's.
        var statusJson = NotificationStatusJson.Serialize(status);
        var writer = JsonBodyWriter.Start();
        writer.WriteStartObject();
        writer.WriteStartObject(LinksName);
        writer.WriteStartObject(SelfName);
        writer.WriteString(HrefName, subscription.SelfHref);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString(UuidName, subscription.Uuid);
        if (subscription.Message is not null)
        {
            writer.WriteString(MessageName, subscription.Message);
        }

        writer.WritePropertyName(StatusName);
        writer.WriteRawValue(statusJson, skipInputValidation: true);
        writer.WriteEndObject();
        return new WebhookBody(JsonBodyWriter.Finish(writer), ContentType);
    }
}
