using System.Text.Json;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// A subscription's <c>hal</c> callback for a received text message (the adidas API guidelines' envelope around GOV.UK Notify's body):
/// <c>{"_links":{"self":{"href":…}},"UUID":…,"message":…,"inboundMessage":{"id":…,"source_number":…,…}}</c>, the
/// inner object byte for byte what the service's own callback gets. <c>message</c> is the subscription's, as in
/// <see cref="HalCallbackFormat"/>; the payload is named <c>inboundMessage</c> so it never meets that name.
/// </summary>
internal static class HalInboundMessageFormat
{
    private static readonly JsonEncodedText InboundMessageName = JsonEncodedText.Encode("inboundMessage");

    public static WebhookBody Render(byte[] messageJson, HalSubscriptionLink subscription)
    {
        ArgumentNullException.ThrowIfNull(messageJson);
        ArgumentNullException.ThrowIfNull(subscription);
        var writer = JsonBodyWriter.Start();
        writer.WriteStartObject();
        writer.WriteStartObject("_links"u8);
        writer.WriteStartObject("self"u8);
        writer.WriteString("href"u8, subscription.SelfHref);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("UUID"u8, subscription.Uuid);
        if (subscription.Message is not null)
        {
            writer.WriteString("message"u8, subscription.Message);
        }

        writer.WritePropertyName(InboundMessageName);
        writer.WriteRawValue(messageJson, skipInputValidation: true);
        writer.WriteEndObject();
        return new WebhookBody(JsonBodyWriter.Finish(writer), HalCallbackFormat.ContentType);
    }
}
