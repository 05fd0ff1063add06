using System.Diagnostics;
using System.Net.Http;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Expansion;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The HTTP request of one status (or one received text message) for one endpoint: its profile's body and content type, the
/// endpoint's credentials, a Standard Webhooks signature when the endpoint has signing secrets
/// (fresh timestamp each attempt, stable webhook-id), the trace context and the status id.
/// Credentials are added here and only here, from the endpoint's settings; a subscription's callback
/// (<paramref name="subscription"/> given) gets the subscription's profile and signature instead, never the endpoint's credentials.
/// </summary>
internal sealed class WebhookRequestBuilder(WebhookBodyRenderer renderer, StandardWebhookSigner signer)
{
    public HttpRequestMessage Build(WebhookEndpoint endpoint, OutboundStatus outbound, Uri target, SubscriptionWebhook? subscription = null)
    {
        var body = outbound.Status is { } status ? StatusBody(endpoint, outbound, status, subscription) : InboundMessageBody(outbound, subscription);
        var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = body.ToHttpContent(),
        };
        // The dedupe key, which is also the webhook-id of a signature: status-id, or a received message's message-id.
        request.Headers.TryAddWithoutValidation(outbound.Status is null ? InboundMessageHeaders.MessageId : StatusHeaders.StatusId, outbound.ItemId);
        // With traces on, the attempt's span (Activity.Current here) is the receiver's parent; off, the item's own trace
        // context, checked here again (a retry or replayed record carries it too): a header is never set unchecked.
        // HttpClient makes no span and sets no header of its own on this client (WebhookRegistration).
        TraceRequestHeaders.Apply(request, outbound, Activity.Current);

        if (subscription is not null)
        {
            if (subscription.SigningKeys.Count > 0)
            {
                signer.Sign(outbound.ItemId, body.Content, subscription.SigningKeys).ApplyTo(request);
            }

            return request;
        }

        endpoint.Credentials.ApplyTo(request);
        if (endpoint.Credentials.Signs)
        {
            signer.Sign(outbound.ItemId, body.Content, endpoint.Credentials.SigningKeys).ApplyTo(request);
        }

        return request;
    }

    private WebhookBody StatusBody(WebhookEndpoint endpoint, OutboundStatus outbound, NotificationStatus status, SubscriptionWebhook? subscription)
    {
        var profile = subscription?.Profile ?? endpoint.Profile;
        return profile == WebhookProfile.CityOs
            // The status was serialized once, on its way in: cityos is those very bytes (no copy, no second rendering).
            ? new WebhookBody(outbound.Payload, CityOsStatusFormat.ContentType)
            : subscription is null
                ? renderer.Render(profile, status, new WebhookRenderContext(outbound.Origin.Timestamp, endpoint.FormatSettings))
                : renderer.Render(profile, status, new WebhookRenderContext(outbound.Origin.Timestamp, WebhookFormatSettings.None, subscription.Link));
    }

    /// <summary>
    /// A received text message (GOV.UK Notify): its payload is already GOV.UK Notify's body, whatever the endpoint's profile (the
    /// profiles describe statuses); a subscription's copy gets the subscription's hal envelope around it (or the bare body
    /// for <c>cityos</c>).
    /// </summary>
    private static WebhookBody InboundMessageBody(OutboundStatus outbound, SubscriptionWebhook? subscription) =>
        subscription is { Profile: WebhookProfile.Hal }
            ? HalInboundMessageFormat.Render(outbound.Payload, subscription.Link)
            : new WebhookBody(outbound.Payload, InboundMessageHeaders.WebhookContentType);
}
