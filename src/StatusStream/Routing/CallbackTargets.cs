using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Routing;

/// <summary>
/// Where one event's statuses go, decided before any output is counted: each status goes to every
/// target it is selected for: the event's own callback (City OS status callbacks), then whatever the
/// <see cref="ITargetSource"/>s add (standing subscriptions, adidas API guidelines). A refused target still counts
/// as an output: its statuses are dead-lettered with <see cref="ResolvedTarget.Refusal"/>.
/// </summary>
/// <remarks>
/// <c>inputNamespace</c> is the namespace of the topic the input was read from, under
/// Routing:TargetPolicy=InputTopicNamespace (<see cref="InputTopicNamespaces"/>), else null. An input whose claimed
/// source is not that namespace goes to no subscription: it is not who it says it is.
/// </remarks>
internal sealed class CallbackTargets(IEnumerable<ITargetPolicy> policies, IEnumerable<ITargetSource> sources)
{
    private readonly ITargetPolicy[] _policies = policies.ToArray();
    private readonly ITargetSource[] _sources = sources.ToArray();

    public IReadOnlyList<ResolvedTarget> Resolve(NotificationEvent notification, string? inputNamespace = null) =>
        WithExtras(Own(notification.Source, notification.Callback, inputNamespace), ClaimsOtherNamespace(notification.Source, inputNamespace),
            (notification, inputNamespace), static (source, input) => source.Extra(input.notification, input.inputNamespace));

    /// <summary>
    /// A received text message goes to its own callback, under the same policies as an event's, and to the
    /// subscriptions to received messages (filter kind inbound-message) of its namespace.
    /// </summary>
    public IReadOnlyList<ResolvedTarget> Resolve(InboundMessage message, string? inputNamespace = null) =>
        WithExtras(Own(message.Source, message.Callback, inputNamespace), ClaimsOtherNamespace(message.Source, inputNamespace),
            (message, inputNamespace), static (source, input) => source.Extra(input.message, input.inputNamespace));

    private static bool ClaimsOtherNamespace(EventSource? source, string? inputNamespace) =>
        inputNamespace is not null && source is not null && !string.Equals(source.Namespace, inputNamespace, StringComparison.Ordinal);

    private IReadOnlyList<ResolvedTarget> WithExtras<TInput>(ResolvedTarget own, bool forged, TInput input,
        Func<ITargetSource, TInput, IReadOnlyList<ResolvedTarget>?> extraOf)
    {
        if (_sources.Length == 0 || forged)
        {
            return [own];
        }

        List<ResolvedTarget>? all = null;
        foreach (var source in _sources)
        {
            if (extraOf(source, input) is { Count: > 0 } extra)
            {
                all ??= [own];
                all.AddRange(extra);
            }
        }

        return all is null ? [own] : all;
    }

    private ResolvedTarget Own(EventSource? source, StatusCallback callback, string? inputNamespace)
    {
        foreach (var policy in _policies)
        {
            if (policy.Refuse(source, callback, inputNamespace) is { } refusal)
            {
                return new ResolvedTarget(callback, refusal);
            }
        }

        return new ResolvedTarget(callback, Refusal: null);
    }
}
