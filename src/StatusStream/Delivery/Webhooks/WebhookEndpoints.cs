using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Records;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Finds the endpoint of a target URL: the named endpoint that covers it (<see cref="NamedEndpointMatcher"/>), else
/// one endpoint per namespace and scheme://host:port with the defaults. The namespace (<see cref="WebhookTenant"/>) is
/// part of an unnamed endpoint's key, so one tenant's failing receiver never opens the breaker, fills the queue or
/// holds the workers that another tenant's statuses to the same host use. Targets and namespaces come from events, so
/// the unnamed endpoints are bounded (Webhooks:MaxUnnamedEndpoints): the least recently used idle one is dropped
/// first; when none is idle, the newest shares the least recently used one's queue and breaker, one of its own
/// namespace when there is one. The last target resolved is remembered: an event's recipients all share one target.
/// </summary>
internal sealed class WebhookEndpoints
{
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly WebhookAttemptServices _attempts;
    private readonly NamedEndpointMatcher _matcher;
    private readonly Dictionary<string, WebhookEndpoint> _named;
    private readonly Dictionary<(string Tenant, string Authority), WebhookEndpoint> _unnamed = [];
    private readonly Lock _lock = new();
    private volatile WebhookTarget? _last;

    public WebhookEndpoints(IOptions<WebhookOptions> options, NamedEndpointMatcher matcher, WebhookAttemptServices attempts, CancellationToken stopping)
    {
        _matcher = matcher;
        _options = options.Value;
        _time = attempts.Time;
        _attempts = attempts;
        _stopping = stopping;
        _named = _options.Endpoints.ToDictionary(pair => pair.Key, pair => Create(pair.Key, named: true, pair.Value), StringComparer.Ordinal);
    }

    public IEnumerable<WebhookEndpoint> All
    {
        get
        {
            lock (_lock)
            {
                return _named.Values.Concat(_unnamed.Values).ToArray();
            }
        }
    }

    /// <summary>The named endpoint that covers <paramref name="target"/>, or null.</summary>
    public WebhookEndpoint? Named(Uri target) => _matcher.Match(target) is { } match ? _named[match.Key] : null;

    /// <summary>The endpoint for <paramref name="target"/>; null only when it matches no named one and Webhooks:RequireKnownEndpoint is set.</summary>
    public WebhookEndpoint? For(string target, string tenant = WebhookTenant.None) => Resolve(target, tenant)?.Endpoint;

    /// <summary>
    /// The parsed target and its endpoint; null when the target is not an absolute URL, or matches no named
    /// endpoint while Webhooks:RequireKnownEndpoint is set.
    /// </summary>
    /// <param name="tenant">The status's namespace (<see cref="WebhookTenant.Of"/>): unnamed endpoints are kept per namespace.</param>
    public WebhookTarget? Resolve(string target, string tenant)
    {
        if (_last is { } last && string.Equals(last.Text, target, StringComparison.Ordinal) && string.Equals(last.Tenant, tenant, StringComparison.Ordinal))
        {
            return last;
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (Named(uri) is { } named)
        {
            return _last = new WebhookTarget(target, tenant, uri, named);
        }

        if (_options.RequireKnownEndpoint)
        {
            return null;
        }

        var key = (tenant, uri.GetLeftPart(UriPartial.Authority));
        lock (_lock)
        {
            if (!_unnamed.TryGetValue(key, out var endpoint))
            {
                endpoint = AddUnnamed(key);
            }

            return _last = new WebhookTarget(target, tenant, uri, endpoint);
        }
    }

    public void CompleteAll()
    {
        foreach (var endpoint in All)
        {
            endpoint.Complete();
        }
    }

    /// <summary>Under the lock: a new unnamed endpoint, within the bound.</summary>
    private WebhookEndpoint AddUnnamed((string Tenant, string Authority) key)
    {
        if (_unnamed.Count >= _options.MaxUnnamedEndpoints)
        {
            var oldest = _unnamed.OrderBy(pair => pair.Value.LastUsed).ToList();
            var evict = oldest.FirstOrDefault(pair => pair.Value.Idle);
            if (evict.Value is null)
            {
                // Every endpoint is busy: share rather than grow. The tenant's own endpoint, if it has one, keeps the
                // others' deliveries out of its way.
                return oldest.FirstOrDefault(pair => string.Equals(pair.Key.Tenant, key.Tenant, StringComparison.Ordinal)).Value ?? oldest[0].Value;
            }

            // The remembered target may be the one about to be dropped: forget it first, so a caller that finds the
            // dropped endpoint refusing work resolves to a live one at once.
            _last = null;
            _unnamed.Remove(evict.Key);
            evict.Value.Complete();
        }

        var endpoint = Create(key.Authority, named: false, new WebhookEndpointOptions { Url = key.Authority }, key.Tenant);
        _unnamed.Add(key, endpoint);
        return endpoint;
    }

    private WebhookEndpoint Create(string name, bool named, WebhookEndpointOptions settings, string? tenant = null)
    {
        var state = new CircuitBreakerStateProvider();
        var breaker = new ResiliencePipelineBuilder<WebhookAttemptResult> { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<WebhookAttemptResult>
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(_options.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(_options.BreakerBreakSeconds),
                StateProvider = state,
                // Told as the breaker changes, named as dead letters name it (never a path): no endpoint label on a metric could.
                OnOpened = _ =>
                {
                    _attempts.States?.BreakerOpened(name, named, tenant);
                    return default;
                },
                OnClosed = _ =>
                {
                    _attempts.States?.BreakerClosed(name, named, tenant);
                    return default;
                },
                // Only transient failures say the receiver is unwell; a 403 or 410 is an answer.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null || args.Outcome.Result?.Failure?.Class == FailureClass.Transient),
            })
            .Build();
        var concurrency = settings.Concurrency ?? _options.Concurrency;
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds ?? _options.TimeoutSeconds);
        // Validated at start (WebhookOptionsValidator), so both succeed here.
        var profile = WebhookProfileName.TryParse(settings.Profile, out var parsed) ? parsed : WebhookProfile.CityOs;
        var credentials = WebhookCredentials.TryLoad(settings.ToCredentials(), $"{WebhookOptions.SectionName}:Endpoints:{name}", profile, out var loaded, out var errors)
            ? loaded
            : throw new InvalidOperationException(string.Join(" ", errors));
        return new WebhookEndpoint(name, named, settings, profile, credentials, concurrency, timeout, breaker, state, _attempts, _stopping) { Tenant = tenant };
    }
}
