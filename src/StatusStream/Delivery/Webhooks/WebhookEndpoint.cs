using System.Diagnostics;
using System.Threading.Channels;
using Polly;
using Polly.CircuitBreaker;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// One receiver at run time: its settings, its own queue and workers (at most
/// <see cref="Concurrency"/> requests at once), and its own circuit breaker. A slow or dead
/// receiver only ever holds its own workers: other endpoints' statuses never wait behind it. Each worker runs the whole
/// attempt: the breaker around the sender, the attempt's span and metrics, and the outcome to the transports' sink.
/// </summary>
internal sealed class WebhookEndpoint
{
    private readonly Channel<WebhookWork> _queue = Channel.CreateUnbounded<WebhookWork>(new UnboundedChannelOptions { SingleReader = false });
    private readonly WebhookAttemptServices _attempts;
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Task[]? _workers;
    private int _busy;

    // UTC ticks of the first failed attempt since the last success; NotFailing while the last attempt succeeded.
    private long _failingSince = NotFailing;
    private int _disableNoted;
    private string? _stateKey;
    private const long NotFailing = long.MinValue;

    public WebhookEndpoint(
        string name,
        bool named,
        WebhookEndpointOptions settings,
        WebhookProfile profile,
        WebhookCredentials credentials,
        int concurrency,
        TimeSpan timeout,
        ResiliencePipeline<WebhookAttemptResult> breaker,
        CircuitBreakerStateProvider breakerState,
        WebhookAttemptServices attempts,
        CancellationToken stopping)
    {
        Name = name;
        Named = named;
        Settings = settings;
        Profile = profile;
        Credentials = credentials;
        FormatSettings = new WebhookFormatSettings { OspTenantId = settings.TenantId };
        Concurrency = concurrency;
        Timeout = timeout;
        Breaker = breaker;
        BreakerState = breakerState;
        _attempts = attempts;
        _stopping = stopping;
        _time = attempts.Time;
    }

    /// <summary>The configured name, or "scheme://host:port" for a target that matches none.</summary>
    public string Name { get; }

    public bool Named { get; }

    /// <summary>An unnamed endpoint's namespace (<see cref="WebhookTenant"/>): part of its key. Null for a named endpoint, which every namespace shares.</summary>
    public string? Tenant { get; init; }

    /// <summary>The name in metric tags: a configured name, or "unnamed" (an unnamed endpoint's host comes from an event: unbounded).</summary>
    public string MetricName => Named ? Name : "unnamed";

    public WebhookEndpointOptions Settings { get; }

    public WebhookProfile Profile { get; }

    /// <summary>Loaded once at start from configuration or mounted files; redacted in ToString.</summary>
    public WebhookCredentials Credentials { get; }

    public WebhookFormatSettings FormatSettings { get; }

    public int Concurrency { get; }

    public TimeSpan Timeout { get; }

    public ResiliencePipeline<WebhookAttemptResult> Breaker { get; }

    public CircuitBreakerStateProvider BreakerState { get; }

    public long LastUsed { get; private set; }

    /// <summary>The key of this endpoint's state on the operations topic (OperationalEvents.OperationalEvent.EndpointKey).</summary>
    public string StateKey => _stateKey ??= OperationalEvents.OperationalEvent.EndpointKey(Name, StateNamespace);

    /// <summary>The namespace in this endpoint's operational events: an unnamed endpoint's, null for a named one (shared by all).</summary>
    public string? StateNamespace => Named ? null : Tenant ?? WebhookTenant.None;

    /// <summary>When the current run of failed attempts began; null while the last attempt succeeded.</summary>
    public DateTimeOffset? FailingSince => Volatile.Read(ref _failingSince) is var ticks && ticks != NotFailing ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>An attempt (a request, not a wait for the breaker) succeeded: the run of failures, if any, ends.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _failingSince) != NotFailing)
        {
            Volatile.Write(ref _failingSince, NotFailing);
        }
    }

    /// <summary>
    /// An attempt failed. True exactly once per run of failures, when the run has lasted <paramref name="window"/>: the caller
    /// disables the endpoint. Zero window: never.
    /// </summary>
    public bool Failed(DateTimeOffset now, TimeSpan window, out DateTimeOffset since)
    {
        var first = Interlocked.CompareExchange(ref _failingSince, now.UtcTicks, NotFailing);
        var start = first == NotFailing ? now.UtcTicks : first;
        since = new DateTimeOffset(start, TimeSpan.Zero);
        return window > TimeSpan.Zero && now.UtcTicks - start >= window.Ticks && Interlocked.Exchange(ref _disableNoted, 1) == 0;
    }

    /// <summary>Seen enabled (again): after an operator enabled it, the next failure starts a new window.</summary>
    public void SeenEnabled()
    {
        if (Volatile.Read(ref _disableNoted) == 1)
        {
            Volatile.Write(ref _failingSince, NotFailing);
            Volatile.Write(ref _disableNoted, 0);
        }
    }

    /// <summary>Cancelled when the host stops; an attempt's token is also cancelled by its timeout.</summary>
    public CancellationToken Stopping => _stopping;

    /// <summary>Nothing queued and nothing in flight: safe to drop from the registry.</summary>
    public bool Idle => _queue.Reader.Count == 0 && Volatile.Read(ref _busy) == 0;

    /// <summary>False when this endpoint has stopped taking work (dropped from the registry): resolve the target again.</summary>
    public bool TryEnqueue(WebhookWork work, long now)
    {
        LastUsed = now;
        StartWorkers();
        return _queue.Writer.TryWrite(work);
    }

    /// <summary>Stops taking work; queued statuses stay unacknowledged (their offsets uncommitted).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private void StartWorkers()
    {
        if (_workers is not null)
        {
            return;
        }

        lock (_lock)
        {
            _workers ??= Enumerable.Range(0, Concurrency).Select(_ => Task.Run(WorkAsync)).ToArray();
        }
    }

    private async Task WorkAsync()
    {
        using var attempt = new AttemptCancellation(_time, _stopping);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var work))
                {
                    Interlocked.Increment(ref _busy);
                    try
                    {
                        await AttemptAsync(work, attempt.Start(Timeout)).ConfigureAwait(false);
                    }
                    finally
                    {
                        attempt.Finish();
                        Interlocked.Decrement(ref _busy);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: what is still queued is not acknowledged, so it is read again after the restart.
        }
    }

    /// <param name="attempt">Cancelled by the endpoint's timeout or by the host stopping.</param>
    private async Task AttemptAsync(WebhookWork work, CancellationToken attempt)
    {
        var outbound = work.Outbound;
        if (_attempts.States?.DisabledFailure(this) is { } disabled)
        {
            // Queued before the endpoint was disabled: not sent either.
            _attempts.Outcomes.Failed(outbound, disabled);
            return;
        }

        // Workers inherit whatever span was current when they were started: set this attempt's (or none)
        // so HttpClient's span and traceparent belong to this status. Local to this async method.
        var span = _attempts.Tracing?.StartAttempt("webhook", MetricName, outbound, static o => o.ItemId, outbound.Attempt.Number, outbound.TraceParent, makeCurrent: true);
        Activity.Current = span;
        // The outcome form of the breaker: a rejection (circuit open) comes back as an outcome, not a thrown exception,
        // and no wrapper of Polly's is allocated around each request.
        var context = ResilienceContextPool.Shared.Get(attempt);
        Outcome<WebhookAttemptResult> outcome;
        try
        {
            outcome = await Breaker.ExecuteOutcomeAsync(
                static async (context, state) => Outcome.FromResult(
                    await state.Sender.SendAsync(state.Endpoint, state.Work, context.CancellationToken).ConfigureAwait(false)),
                context, (Sender: _attempts.Sender, Endpoint: this, Work: work)).ConfigureAwait(false);
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
                var wait = open.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : Timeout;
                result = new WebhookAttemptResult(new DeliveryFailure(FailureClass.Transient,
                    $"circuit-open: {Name} failed too often; waiting for the breaker to let a trial through",
                    _time.GetUtcNow() + wait, NotAttempted: true), WebhookAttemptResult.CircuitOpen);
                break;
            case OperationCanceledException when _stopping.IsCancellationRequested:
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
        _attempts.Metrics?.WebhookResponse(MetricName, result.ResponseClass);
        _attempts.States?.Attempted(this, result.Failure);

        StatusTracing.End(span, result.Failure?.Description);
        if (result.Failure is null)
        {
            _attempts.Outcomes.Delivered(outbound);
        }
        else
        {
            _attempts.Outcomes.Failed(outbound, result.Failure);
        }
    }
}
