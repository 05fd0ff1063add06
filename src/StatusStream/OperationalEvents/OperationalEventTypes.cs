namespace StatusStream.OperationalEvents;

/// <summary>
/// The "type" of an operational event (schemas/operational-event.schema.json): one state change of a webhook endpoint
/// or a subscription. Operators' and subscription owners' own consumers react to them.
/// </summary>
internal static class OperationalEventTypes
{
    /// <summary>An endpoint's circuit breaker opened: its statuses wait on the retry topic, their retries unspent.</summary>
    public const string BreakerOpened = "breaker-opened";

    /// <summary>A trial request through the half-open breaker succeeded: the endpoint is sent to again.</summary>
    public const string BreakerClosed = "breaker-closed";

    /// <summary>Every attempt failed for Webhooks:DisableAfterFailingSeconds (or an operator disabled it): its statuses are dead-lettered at once.</summary>
    public const string EndpointDisabled = "endpoint-disabled";

    /// <summary>An operator enabled a disabled endpoint again.</summary>
    public const string EndpointEnabled = "endpoint-enabled";

    /// <summary>A subscription ended: cancelled by its owner, completed (only-once) or disabled (its receiver answered 410 Gone).</summary>
    public const string SubscriptionEnded = "subscription-ended";

    public static IReadOnlyList<string> All { get; } = [BreakerOpened, BreakerClosed, EndpointDisabled, EndpointEnabled, SubscriptionEnded];
}
