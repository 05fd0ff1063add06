using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Delivers statuses by HTTP POST. <see cref="Deliver"/> only puts the status on its endpoint's
/// queue, so the consume loop and the delivery-report thread never wait for a receiver; each
/// endpoint's own workers send (<see cref="WebhookEndpoint"/> owns the attempt), and the outcome goes to the
/// transports' one sink (<see cref="DeliveryOutcomes"/>). While an endpoint's breaker is open its statuses are not tried: they wait on the retry
/// topic (not in memory, so they never hold the in-flight bound that every tenant shares) until the
/// breaker lets a trial through, and the wait spends none of their retries. Queued statuses count
/// against Pipeline:MaxInFlightStatuses like any other output.
/// </summary>
internal sealed class WebhookDelivery : ICallbackTransport, IDisposable
{
    public const string UnknownEndpointReason = "unknown-endpoint";

    /// <summary>The endpoint is disabled (every attempt failed for Webhooks:DisableAfterFailingSeconds, or an operator said so).</summary>
    public const string EndpointDisabledReason = "endpoint-disabled";

    private readonly CancellationTokenSource _stopping = new();
    private readonly DeliveryOutcomes _outcomes;
    private readonly TimeProvider _time;
    private readonly bool _requireKnownEndpoint;
    private readonly ISubscriptionWebhooks? _subscriptions;
    private readonly WebhookEndpointStates? _states;

    /// <param name="successes">Registered only when a feature wants to hear of successful deliveries (subscriptions).</param>
    /// <param name="subscriptions">Registered only with the subscriptions feature.</param>
    public WebhookDelivery(WebhookSender sender, IDeliveryFailures failures, IOptions<WebhookOptions> options, NamedEndpointMatcher matcher, TimeProvider time,
        IDeliverySuccesses? successes = null, StatusStreamMetrics? metrics = null, StatusTracing? tracing = null, ISubscriptionWebhooks? subscriptions = null,
        WebhookEndpointStates? states = null)
    {
        _states = states;
        _subscriptions = subscriptions;
        _outcomes = new DeliveryOutcomes("webhook", failures, successes, metrics);
        _time = time;
        _requireKnownEndpoint = options.Value.RequireKnownEndpoint;
        Endpoints = new WebhookEndpoints(options, matcher, new WebhookAttemptServices(sender, _outcomes, time, metrics, tracing, states), _stopping.Token);
        metrics?.ObserveWebhookBreakers(() => Endpoints.All.Select(e => BreakerStateName(e.BreakerState.CircuitState)));
    }

    public CallbackType Type => CallbackType.Webhook;

    public WebhookEndpoints Endpoints { get; }

    public void Deliver(OutboundStatus outbound)
    {
        // Looked up once per attempt, here: the request is built from what the work carries. Unknown subscriptions are left
        // to the sender, which dead-letters them as ended.
        var subscription = outbound.Callback.Subscription is { } id ? _subscriptions?.Find(id) : null;
        outbound = WithSubscriptionUrl(outbound, subscription);
        // An endpoint dropped from the registry between resolving and queueing refuses the work; resolve again.
        // Once stopping, every endpoint refuses: the status stays unacknowledged and is read again after the restart.
        WebhookTarget? target;
        var tenant = WebhookTenant.Of(outbound);
        while ((target = Endpoints.Resolve(outbound.Callback.Target, tenant)) is not null)
        {
            if (_states?.DisabledFailure(target.Endpoint) is { } disabled)
            {
                // At once, without a request or a retry: the endpoint has failed for days, or an operator stopped it.
                _outcomes.Failed(outbound, disabled);
                return;
            }

            if (target.Endpoint.TryEnqueue(new WebhookWork(outbound, target.Uri, subscription), _time.GetTimestamp()) || _stopping.IsCancellationRequested)
            {
                return;
            }
        }

        _outcomes.Failed(outbound, new DeliveryFailure(FailureClass.Permanent,
            _requireKnownEndpoint
                ? $"{outbound.Callback.DisplayTarget} is not an absolute URL, or matches no Webhooks:Endpoints entry and Webhooks:RequireKnownEndpoint is true"
                : $"{outbound.Callback.DisplayTarget} is not an absolute URL",
            DeadLetterReason: UnknownEndpointReason));
    }

    public void Dispose()
    {
        // Cancel only: workers and in-flight requests still observe the token while they unwind, so
        // the source is left to the garbage collector rather than disposed under them.
        _stopping.Cancel();
        Endpoints.CompleteAll();
    }

    /// <summary>
    /// A subscription's status goes to the URL the subscription has, whatever its record carried: a replayed dead letter
    /// carries only the URL's scheme, host and port (its path and query may hold a credential, so dead letters never keep
    /// them).
    /// </summary>
    private static OutboundStatus WithSubscriptionUrl(OutboundStatus outbound, SubscriptionWebhook? subscription) =>
        subscription is not null && !string.Equals(subscription.Url, outbound.Callback.Target, StringComparison.Ordinal)
            ? outbound with { Callback = outbound.Callback with { Target = subscription.Url } }
            : outbound;

    private static string BreakerStateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "isolated",
    };
}
