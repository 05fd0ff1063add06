using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks;
using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Routing;

/// <summary>Webhooks:RequireKnownEndpoint: a webhook target must match a named endpoint, checked before anything is counted or sent.</summary>
internal sealed class KnownEndpointPolicy(IOptions<WebhookOptions> options, NamedEndpointMatcher endpoints) : ITargetPolicy
{
    public TargetRefusal? Refuse(EventSource? source, StatusCallback target, string? inputNamespace) =>
        options.Value.RequireKnownEndpoint && target.Type == CallbackType.Webhook && endpoints.Match(target.Target) is null
            ? new TargetRefusal(WebhookDelivery.UnknownEndpointReason,
                $"{target.DisplayTarget} matches no Webhooks:Endpoints entry and Webhooks:RequireKnownEndpoint is true")
            : null;
}
