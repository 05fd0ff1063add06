using StatusStream.Intake;
using StatusStream.Routing;

namespace StatusStream.Subscriptions;

/// <summary>
/// Whose notification an event is, for subscriptions: its <c>source.namespace</c>, else the namespace of its
/// own Kafka callback topic. Under Routing:TargetPolicy=SourceNamespace only the source counts (the callback
/// topic is then not trusted to say who sent it). Null: no namespace, no subscription gets it.
/// </summary>
internal static class EventNamespace
{
    public static string? Of(NotificationEvent notification, TargetPolicyKind policy)
    {
        if (notification.Source is { } source)
        {
            return source.Namespace;
        }

        return policy == TargetPolicyKind.Any
            && notification.Callback.Type == CallbackType.Kafka
            && CallbackTopicName.TryParse(notification.Callback.Target, out var ns, out _)
            ? ns
            : null;
    }
}
