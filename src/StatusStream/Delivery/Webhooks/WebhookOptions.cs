namespace StatusStream.Delivery.Webhooks;

/// <summary>Webhook delivery (configuration section "Webhooks"). Every setting is documented in docs/configuration.md, "Webhooks".</summary>
internal sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Named endpoints; a target URL uses the endpoint with the longest matching Url prefix.</summary>
    public Dictionary<string, WebhookEndpointOptions> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Refuse (dead-letter as unknown-endpoint) any webhook target that matches no named endpoint.</summary>
    public bool RequireKnownEndpoint { get; set; }

    /// <summary>Concurrent requests per endpoint when the endpoint does not say.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Seconds one request may take, connect to last byte of the bounded response, when the endpoint does not say.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Bytes of a response body read (then discarded); the rest is not read.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Seconds: the longest a receiver's Retry-After may push the next attempt out.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 3600;

    /// <summary>Endpoints kept for targets that match no named endpoint (one per scheme://host:port); the least recently used idle one goes first.</summary>
    public int MaxUnnamedEndpoints { get; set; } = 1000;

    /// <summary>Circuit breaker per endpoint: the share of failed attempts in the sampling window that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public double BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>Seconds the breaker stays open before it lets one trial request through (half-open).</summary>
    public double BreakerBreakSeconds { get; set; } = 30;

    /// <summary>
    /// Seconds an endpoint may fail every attempt (no success in between) before it is disabled: its statuses are then
    /// dead-lettered endpoint-disabled at once until an operator enables it. 5 days, as Standard Webhooks recommends;
    /// 0 = never.
    /// </summary>
    public double DisableAfterFailingSeconds { get; set; } = 5 * 24 * 3600;

    /// <summary>Loopback addresses (127.0.0.0/8, ::1) are refused unless this is true.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) are refused unless this is true (City OS's receivers live inside the cluster: set it there).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Extra networks (CIDR) to allow, comma-separated, e.g. "10.20.0.0/16". Never overrides DeniedNetworks or the built-in denials.</summary>
    public string AllowedNetworks { get; set; } = "";

    /// <summary>Extra networks (CIDR) to refuse, comma-separated.</summary>
    public string DeniedNetworks { get; set; } = "";
}
