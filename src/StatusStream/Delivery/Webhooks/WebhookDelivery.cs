using System.Diagnostics;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Delivers statuses by HTTP POST. <see cref="Deliver"/> only puts the status on its endpoint's
/// queue, so the consume loop and the delivery-report thread never wait for a receiver; each
/// endpoint's own workers send, and the outcome is acknowledged or reported to the one failure
/// decision. While an endpoint's breaker is open its statuses are not tried: they wait on the retry
/// topic (not in memory, so they never hold the in-flight bound that every tenant shares) until the
/// breaker lets a trial through, and the wait spends none of their retries. Queued statuses count
/// against Pipeline:MaxInFlightStatuses like any other output.
/// </summary>
internal sealed class WebhookDelivery : ICallbackTransport, IDisposable
{
    public const string UnknownEndpointReason = "unknown-endpoint";

    private readonly CancellationTokenSource _stopping = new();
    private readonly WebhookSender _sender;
    private readonly IDeliveryFailures _failures;
    private readonly IDeliverySuccesses? _successes;
    private readonly TimeProvider _time;
    private readonly bool _requireKnownEndpoint;

    private readonly StatusStreamMetrics? _metrics;
    private readonly StatusTracing? _tracing;
    private readonly ISubscriptionWebhooks? _subscriptions;

    /// <param name="successes">Registered only when a feature wants to hear of successful deliveries (subscriptions).</param>
    /// <param name="subscriptions">Registered only with the subscriptions feature.</param>
    public WebhookDelivery(WebhookSender sender, IDeliveryFailures failures, IOptions<WebhookOptions> options, NamedEndpointMatcher matcher, TimeProvider time,
        IDeliverySuccesses? successes = null, StatusStreamMetrics? metrics = null, StatusTracing? tracing = null, ISubscriptionWebhooks? subscriptions = null)
    {
        _sender = sender;
        _subscriptions = subscriptions;
        _failures = failures;
        _successes = successes;
        _time = time;
        _metrics = metrics;
        _tracing = tracing;
        _requireKnownEndpoint = options.Value.RequireKnownEndpoint;
        Endpoints = new WebhookEndpoints(options, matcher, time, SendAsync, _stopping.Token);
        metrics?.ObserveWebhookBreakers(() => Endpoints.All.Select(e => BreakerStateName(e.BreakerState.CircuitState)));
    }

    public CallbackType Type => CallbackType.Webhook;

    public WebhookEndpoints Endpoints { get; }

    public void Deliver(OutboundStatus outbound)
    {
        outbound = WithSubscriptionUrl(outbound);
        // An endpoint dropped from the registry between resolving and queueing refuses the work; resolve again.
        // Once stopping, every endpoint refuses: the status stays unacknowledged and is read again after the restart.
        WebhookTarget? target;
        var tenant = WebhookTenant.Of(outbound);
        while ((target = Endpoints.Resolve(outbound.Callback.Target, tenant)) is not null)
        {
            if (target.Endpoint.TryEnqueue(new WebhookWork(outbound, target.Uri), _time.GetTimestamp()) || _stopping.IsCancellationRequested)
            {
                return;
            }
        }

        _failures.Failed(outbound, new DeliveryFailure(FailureClass.Permanent,
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
    /// them). Unknown subscriptions are left to the sender, which dead-letters them as ended.
    /// </summary>
    private OutboundStatus WithSubscriptionUrl(OutboundStatus outbound) =>
        outbound.Callback.Subscription is { } id && _subscriptions?.Find(id) is { } subscription
            && !string.Equals(subscription.Url, outbound.Callback.Target, StringComparison.Ordinal)
            ? outbound with { Callback = outbound.Callback with { Target = subscription.Url } }
            : outbound;

    private static string BreakerStateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "isolated",
    };

    /// <param name="attempt">Cancelled by the endpoint's timeout or by the host stopping.</param>
    private async Task SendAsync(WebhookEndpoint endpoint, WebhookWork work, CancellationToken attempt)
    {
        var outbound = work.Outbound;
        // Workers inherit whatever span was current when they were started: set this attempt's (or none)
        // so HttpClient's span and traceparent belong to this status. Local to this async method.
        var span = _tracing?.StartAttempt("webhook", endpoint.MetricName, outbound, static o => o.ItemId, outbound.Attempt.Number, outbound.TraceParent, makeCurrent: true);
        Activity.Current = span;
        // The outcome form of the breaker: a rejection (circuit open) comes back as an outcome, not a thrown exception,
        // and no wrapper of Polly's is allocated around each request.
        var context = ResilienceContextPool.Shared.Get(attempt);
        Outcome<WebhookAttemptResult> outcome;
        try
        {
            outcome = await endpoint.Breaker.ExecuteOutcomeAsync(
                static async (context, state) => Outcome.FromResult(
                    await state.Sender.SendAsync(state.Endpoint, state.Work, context.CancellationToken).ConfigureAwait(false)),
                context, (Sender: _sender, Endpoint: endpoint, Work: work)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        WebhookAttemptResult result;
        switch (outcome.Exception)
        {
            case null:
                result = outcome.Result!;
                break;
            case BrokenCircuitException open:
                // Not an attempt: nothing was sent. The status waits until the breaker lets a trial through (while half-open,
                // about as long as that trial may take), its retries unspent.
                var wait = open.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : endpoint.Timeout;
                result = new WebhookAttemptResult(new DeliveryFailure(FailureClass.Transient,
                    $"circuit-open: {endpoint.Name} failed too often; waiting for the breaker to let a trial through",
                    _time.GetUtcNow() + wait, NotAttempted: true), WebhookAttemptResult.CircuitOpen);
                break;
            case OperationCanceledException when endpoint.Stopping.IsCancellationRequested:
                StatusTracing.End(span, "stopping");
                return; // stopping: not acknowledged, read again after the restart
            case var unexpected:
                // A bug of ours or of a library must not stop this endpoint's worker, nor leave the status unacknowledged
                // (its offset would never commit): it takes the retry ladder and, if it persists, ends as a dead letter.
                // Only the type: a library's message text is not ours to vouch for (it could carry a URL or a header).
                result = new WebhookAttemptResult(new DeliveryFailure(FailureClass.Transient, $"unexpected {unexpected.GetType().Name}"),
                    WebhookAttemptResult.Unexpected);
                break;
        }

        // Once per attempt, with the class the whole attempt ended in.
        _metrics?.WebhookResponse(endpoint.MetricName, result.ResponseClass);

        StatusTracing.End(span, result.Failure?.Description);
        if (result.Failure is null)
        {
            _metrics?.Delivered(outbound.Callback.Subscription is null ? "webhook" : "subscription", outbound.Attempt.Number, outbound.Origin.Timestamp, outbound.KindTag);
            _successes?.Delivered(outbound);
            outbound.Acknowledge();
        }
        else
        {
            _failures.Failed(outbound, result.Failure);
        }
    }
}
