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

    public IReadOnlyList<ResolvedTarget> Resolve(NotificationEvent notification)
    {
        var own = Own(notification);
        if (_sources.Length == 0)
        {
            return [own];
        }

        List<ResolvedTarget>? all = null;
        foreach (var source in _sources)
        {
            if (source.Extra(notification) is { Count: > 0 } extra)
            {
                all ??= [own];
                all.AddRange(extra);
            }
        }

        return all is null ? [own] : all;
    }

    private ResolvedTarget Own(NotificationEvent notification)
    {
        foreach (var policy in _policies)
        {
            if (policy.Refuse(notification, notification.Callback) is { } refusal)
            {
                return new ResolvedTarget(notification.Callback, refusal);
            }
        }

        return new ResolvedTarget(notification.Callback, Refusal: null);
    }
}
