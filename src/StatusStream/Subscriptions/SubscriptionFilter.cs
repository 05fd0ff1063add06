using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>
/// What a subscription wants, beyond its namespace (which always applies): every given field must match.
/// Provider compares case-insensitively; service and event ids exactly.
/// </summary>
/// <param name="Provider">The event's <c>provider</c> (e.g. email, slack).</param>
/// <param name="Service">The event's <c>source.service</c>; an event without source never matches a service filter.</param>
/// <param name="Outcome">Only successful statuses, only failed ones, or both.</param>
/// <param name="EventIds">Only these notifications (empty: any).</param>
/// <param name="Kind">What the subscription receives: statuses (the default), or the text messages its namespace's services
/// receive (GOV.UK Notify), which only <paramref name="Service"/> can narrow further.</param>
internal sealed record SubscriptionFilter(string? Provider, string? Service, OutcomeFilter Outcome, IReadOnlyList<Guid> EventIds,
    OutboundKind Kind = OutboundKind.Status)
{
    public static SubscriptionFilter None { get; } = new(null, null, OutcomeFilter.Any, []);
}
