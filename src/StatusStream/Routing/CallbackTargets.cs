using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>
/// Where one event's statuses go, decided before any output is counted: each status goes to every
/// target it is selected for: the event's own callback (seed 000), then whatever the
/// <see cref="ITargetSource"/>s add (standing subscriptions, seed 002). A refused target still counts
/// as an output: its statuses are dead-lettered with <see cref="ResolvedTarget.Refusal"/>.
/// </summary>
internal sealed class CallbackTargets(IEnumerable<ITargetPolicy> policies, IEnumerable<ITargetSource> sources)
{
    private readonly ITargetPolicy[] _policies = policies.ToArray();
    private readonly ITargetSource[] _sources = sources.ToArray();

    public IReadOnlyList<ResolvedTarget> Resolve(NotificationEvent notification) =>
        WithExtras(Own(notification.Source, notification.Callback), notification, static (source, input) => source.Extra(input));

    /// <summary>
    /// A received text message goes to its own callback, under the same policies as an event's, and to the
    /// subscriptions to received messages (filter kind inbound-message) of its namespace.
    /// </summary>
    public IReadOnlyList<ResolvedTarget> Resolve(InboundMessage message) =>
        WithExtras(Own(message.Source, message.Callback), message, static (source, input) => source.Extra(input));

    private IReadOnlyList<ResolvedTarget> WithExtras<TInput>(ResolvedTarget own, TInput input, Func<ITargetSource, TInput, IReadOnlyList<ResolvedTarget>?> extraOf)
    {
        if (_sources.Length == 0)
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

    private ResolvedTarget Own(EventSource? source, StatusCallback callback)
    {
        foreach (var policy in _policies)
        {
            if (policy.Refuse(source, callback) is { } refusal)
            {
                return new ResolvedTarget(callback, refusal);
            }
        }

        return new ResolvedTarget(callback, Refusal: null);
    }
}
