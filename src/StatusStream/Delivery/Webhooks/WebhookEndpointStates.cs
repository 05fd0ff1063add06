using System.Globalization;
using Microsoft.Extensions.Options;
using StatusStream.OperationalEvents;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The webhook side of operational events: tells breaker changes, counts each endpoint's run of failed attempts and
/// disables it after Webhooks:DisableAfterFailingSeconds, and refuses a disabled endpoint's statuses (dead letter
/// endpoint-disabled) before any request. Which endpoints are disabled lives in <see cref="DisabledEndpoints"/>, read back
/// from the operations topic, not on the endpoint (unnamed endpoints are dropped and made again).
/// </summary>
internal sealed class WebhookEndpointStates(IOptions<WebhookOptions> options, OperationalEventWriter events, DisabledEndpoints disabled, TimeProvider time)
{
    private readonly TimeSpan _disableAfter = TimeSpan.FromSeconds(options.Value.DisableAfterFailingSeconds);

    public void BreakerOpened(string name, bool named, string? tenant) =>
        events.Endpoint(OperationalEventTypes.BreakerOpened, name, named ? null : tenant ?? WebhookTenant.None, "failure-ratio");

    public void BreakerClosed(string name, bool named, string? tenant) =>
        events.Endpoint(OperationalEventTypes.BreakerClosed, name, named ? null : tenant ?? WebhookTenant.None, "trial-succeeded");

    /// <summary>The dead-letter failure while the endpoint is disabled, else null. Cheap while nothing is disabled (the hot path).</summary>
    public DeliveryFailure? DisabledFailure(WebhookEndpoint endpoint)
    {
        if (disabled.Count == 0 || disabled.Find(endpoint.StateKey) is not { } disabledBy)
        {
            endpoint.SeenEnabled();
            return null;
        }

        return new DeliveryFailure(FailureClass.Permanent,
            string.Create(CultureInfo.InvariantCulture,
                $"endpoint-disabled: {endpoint.Name} was disabled at {disabledBy.OccurredAt:yyyy-MM-dd'T'HH:mm:ss'Z'} ({disabledBy.Reason}); enable it with `statusstream endpoints enable`, then replay"),
            DeadLetterReason: WebhookDelivery.EndpointDisabledReason);
    }

    /// <summary>A real attempt's outcome (not a wait for the breaker) for the endpoint's run of failures; disables it once the run is long enough.</summary>
    public void Attempted(WebhookEndpoint endpoint, DeliveryFailure? failure)
    {
        if (failure is null)
        {
            endpoint.Succeeded();
        }
        else if (!failure.NotAttempted && endpoint.Failed(time.GetUtcNow(), _disableAfter, out var since))
        {
            events.Endpoint(OperationalEventTypes.EndpointDisabled, endpoint.Name, endpoint.StateNamespace, "failing", since);
        }
    }
}
