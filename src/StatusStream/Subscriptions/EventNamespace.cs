using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Routing;

namespace StatusStream.Subscriptions;

/// <summary>
/// Whose notification an event is, for subscriptions: its <c>source.namespace</c>, else the namespace of its
/// own Kafka callback topic. Under Routing:TargetPolicy=SourceNamespace only the source counts (the callback
/// topic is then not trusted to say who sent it). Null: no namespace, no subscription gets it.
/// </summary>
internal static class EventNamespace
{
    public static string? Of(NotificationEvent notification, TargetPolicyKind policy) => Of(notification.Source, notification.Callback, policy);

    /// <summary>The same rule for any input that names its owner and its own callback (a received text message too).</summary>
    public static string? Of(EventSource? source, StatusCallback callback, TargetPolicyKind policy)
    {
        if (source is { } owner)
        {
            return owner.Namespace;
        }

        return policy == TargetPolicyKind.Any
            && callback.Type == CallbackType.Kafka
            && CallbackTopicName.TryParse(callback.Target, out var ns, out _)
            ? ns
            : null;
    }
}
