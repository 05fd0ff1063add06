using System.Diagnostics;
using System.Net.Http;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The HTTP request of one status for one endpoint: its profile's body and content type, the
/// endpoint's credentials, a Standard Webhooks signature when the endpoint has signing secrets
/// (fresh timestamp each attempt, stable webhook-id), the trace context and the status id.
/// Credentials are added here and only here, from the endpoint's settings; a subscription's callback
/// (<paramref name="subscription"/> given) gets the subscription's profile and signature instead, never the endpoint's credentials.
/// </summary>
internal sealed class WebhookRequestBuilder(WebhookBodyRenderer renderer, StandardWebhookSigner signer)
{
    public HttpRequestMessage Build(WebhookEndpoint endpoint, OutboundStatus outbound, SubscriptionWebhook? subscription = null)
    {
        if (outbound.Status is null)
        {
            return BuildInboundMessage(endpoint, outbound, subscription);
        }

        var body = subscription is null
            ? renderer.Render(endpoint.Profile, outbound.Status, new WebhookRenderContext(outbound.Origin.Timestamp, endpoint.FormatSettings))
            : renderer.Render(subscription.Profile, outbound.Status,
                new WebhookRenderContext(outbound.Origin.Timestamp, WebhookFormatSettings.None, subscription.Link));
        var request = new HttpRequestMessage(HttpMethod.Post, outbound.Callback.Target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = body.ToHttpContent(),
        };
        request.Headers.TryAddWithoutValidation(StatusHeaders.StatusId, outbound.Status.StatusId);
        // With traces on, HttpClient puts its own span's traceparent (a child of this attempt's) on the request.
        if (outbound.TraceParent is not null && Activity.Current is null)
        {
            request.Headers.TryAddWithoutValidation(StatusHeaders.TraceParent, outbound.TraceParent);
        }

        if (subscription is not null)
        {
            if (subscription.SigningKeys.Count > 0)
            {
                signer.Sign(outbound.Status, body.Content, subscription.SigningKeys).ApplyTo(request);
            }

            return request;
        }

        endpoint.Credentials.ApplyTo(request);
        if (endpoint.Credentials.Signs)
        {
            signer.Sign(outbound.Status, body.Content, endpoint.Credentials.SigningKeys).ApplyTo(request);
        }

        return request;
    }

    /// <summary>
    /// A received text message (seed 004): its payload is already the seed's body, whatever the endpoint's profile (the
    /// profiles describe statuses); the endpoint's credentials and signature as for a status, message-id instead of status-id.
    /// A subscription's copy gets the subscription's hal envelope around it (or the bare body for <c>cityos</c>) and
    /// signature instead, never the endpoint's credentials.
    /// </summary>
    private HttpRequestMessage BuildInboundMessage(WebhookEndpoint endpoint, OutboundStatus outbound, SubscriptionWebhook? subscription)
    {
        var body = subscription is { Profile: WebhookProfile.Hal }
            ? HalInboundMessageFormat.Render(outbound.Payload, subscription.Link)
            : new WebhookBody(outbound.Payload, InboundMessageHeaders.WebhookContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, outbound.Callback.Target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = body.ToHttpContent(),
        };
        request.Headers.TryAddWithoutValidation(InboundMessageHeaders.MessageId, outbound.ItemId);
        if (outbound.TraceParent is not null && Activity.Current is null)
        {
            request.Headers.TryAddWithoutValidation(StatusHeaders.TraceParent, outbound.TraceParent);
        }

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
}
