using System.Net.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Retry;
using StatusStream.Settings;

namespace StatusStream.Delivery.Webhooks;

internal static class WebhookRegistration
{
    /// <summary>Webhook delivery: options (validated at start), the guarded HTTP client, the transport and its retry settings.</summary>
    public static IHostApplicationBuilder AddWebhookDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(builder.Configuration, WebhookOptions.SectionName);
        services.AddSingleton(sp => new WebhookAddressRules(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<GuardedConnector>();
        // The sender takes only the factory's pooled, rotated handler (through an invoker): its own timeout applies.
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Never follow a redirect (it could point anywhere), never use a proxy (it would connect
                // for us, past the address check), pool connections per receiver.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<GuardedConnector>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                EnableMultipleHttp2Connections = true,
                // No propagator, no HttpClient span: that span would carry the target's whole path as url.full (its
                // query only masked), seen by every in-process ActivityListener before any exporter's processor could
                // cut it, and a webhook path can be a credential. The attempt's own span (StatusTracing) names the
                // endpoint by scheme, host and port, and WebhookRequestBuilder puts the trace context on the request.
                ActivityHeadersPropagator = null,
            })
            // The factory's own request logging would write every URL (and its query) at Information.
            .RemoveAllLoggers();
        services.AddSingleton<NamedEndpointMatcher>();
        services.AddSingleton<WebhookBodyRenderer>();
        services.AddSingleton<StandardWebhookSigner>();
        services.AddSingleton<WebhookRequestBuilder>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookEndpointStates>();
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<ICallbackTransport>(sp => sp.GetRequiredService<WebhookDelivery>());
        services.AddSingleton<IRetryPolicySource, WebhookRetryPolicies>();
        services.AddSingleton<IOpenApiDocumentTransformer, WebhookBodiesDocument>();
        return builder;
    }
}
