using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Routing;

namespace StatusStream.Subscriptions;

/// <summary>The subscriptions' share of routing: every live subscription of the event's (or received message's) namespace whose filter it passes.</summary>
internal sealed class SubscriptionTargets(SubscriptionStore store, IOptions<RoutingOptions> routing) : ITargetSource
{
    private readonly TargetPolicyKind _policy = routing.Value.TargetPolicy;

    public IReadOnlyList<ResolvedTarget>? Extra(NotificationEvent notification) =>
        EventNamespace.Of(notification, _policy) is { } ns ? store.Match(notification, ns) : null;

    public IReadOnlyList<ResolvedTarget>? Extra(InboundMessage message) =>
        EventNamespace.Of(message.Source, message.Callback, _policy) is { } ns ? store.Match(message, ns) : null;
}
