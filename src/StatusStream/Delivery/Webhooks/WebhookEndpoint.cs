using System.Threading.Channels;
using Polly;
using Polly.CircuitBreaker;
using StatusStream.Delivery.Webhooks.Formats;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// One receiver at run time: its settings, its own queue and workers (at most
/// <see cref="Concurrency"/> requests at once), and its own circuit breaker. A slow or dead
/// receiver only ever holds its own workers: other endpoints' statuses never wait behind it.
/// </summary>
internal sealed class WebhookEndpoint
{
    private readonly Channel<WebhookWork> _queue = Channel.CreateUnbounded<WebhookWork>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Func<WebhookEndpoint, WebhookWork, CancellationToken, Task> _send;
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Task[]? _workers;
    private int _busy;

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
        Func<WebhookEndpoint, WebhookWork, CancellationToken, Task> send,
        TimeProvider time,
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
        _send = send;
        _stopping = stopping;
        _time = time;
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
                        await _send(this, work, attempt.Start(Timeout)).ConfigureAwait(false);
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
}
