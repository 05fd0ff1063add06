using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Routing;

namespace StatusStream.Subscriptions;

/// <summary>The subscriptions' share of routing: every live subscription of the event's (or received message's) namespace whose filter it passes.</summary>
internal sealed class SubscriptionTargets(SubscriptionStore store, IOptions<RoutingOptions> routing) : ITargetSource
{
    private readonly TargetPolicyKind _policy = routing.Value.TargetPolicy;

    public IReadOnlyList<ResolvedTarget>? Extra(NotificationEvent notification, string? inputNamespace) =>
        NamespaceOf(notification.Source, notification.Callback, inputNamespace) is { } ns ? store.Match(notification, ns) : null;

    public IReadOnlyList<ResolvedTarget>? Extra(InboundMessage message, string? inputNamespace) =>
        NamespaceOf(message.Source, message.Callback, inputNamespace) is { } ns ? store.Match(message, ns) : null;

    // Under InputTopicNamespace the input topic's namespace is the only one trusted; what the input claims is not.
    private string? NamespaceOf(EventSource? source, StatusCallback callback, string? inputNamespace) =>
        _policy == TargetPolicyKind.InputTopicNamespace ? inputNamespace : EventNamespace.Of(source, callback, _policy);
}
