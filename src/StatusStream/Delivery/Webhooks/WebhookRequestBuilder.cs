using System.Net.Http;
using System.Net.Http.Headers;
using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The HTTP request of one status for one endpoint: its profile's body and content type, the
/// endpoint's credentials, the trace context and the status id. Credentials are added here and only
/// here, from the endpoint's settings; nothing of them is kept anywhere else.
/// </summary>
internal sealed class WebhookRequestBuilder
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public HttpRequestMessage Build(WebhookEndpoint endpoint, OutboundStatus outbound)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, outbound.Callback.Target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new ByteArrayContent(outbound.Payload),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation(StatusHeaders.StatusId, outbound.Status.StatusId);
        if (outbound.TraceParent is not null)
        {
            request.Headers.TryAddWithoutValidation(StatusHeaders.TraceParent, outbound.TraceParent);
        }

        return request;
    }
}
