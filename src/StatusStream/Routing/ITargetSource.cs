using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>
/// Targets beyond the event's own callback (standing subscriptions, adidas API guidelines). Asked once per event
/// on the consume loop, before the record's outputs are counted, so it must be quick: its cost should
/// grow with the targets it returns, not with everything it knows.
/// </summary>
/// <remarks>
/// <c>inputNamespace</c>: the namespace of the topic the input was read from (<see cref="InputTopicNamespaces"/>), set
/// exactly when Routing:TargetPolicy is InputTopicNamespace; then it is the input's namespace, and its claims are not.
/// </remarks>
internal interface ITargetSource
{
    /// <summary>The extra targets of <paramref name="notification"/>, or null when there are none (the usual case, without allocating).</summary>
    IReadOnlyList<ResolvedTarget>? Extra(NotificationEvent notification, string? inputNamespace);

    /// <summary>The extra targets of a received text message, or null when there are none.</summary>
    IReadOnlyList<ResolvedTarget>? Extra(InboundMessage message, string? inputNamespace);
}
