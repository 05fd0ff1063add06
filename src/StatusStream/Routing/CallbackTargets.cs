using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>
/// Where one event's statuses go, decided before any output is counted: each status goes to every
/// target (today the event's own callback, seed 000; standing subscriptions add more). A refused
/// target still counts as an output: its statuses are dead-lettered with <see cref="ResolvedTarget.Refusal"/>.
/// </summary>
internal sealed class CallbackTargets(IEnumerable<ITargetPolicy> policies)
{
    private readonly ITargetPolicy[] _policies = policies.ToArray();

    public IReadOnlyList<ResolvedTarget> Resolve(NotificationEvent notification)
    {
        foreach (var policy in _policies)
        {
            if (policy.Refuse(notification, notification.Callback) is { } refusal)
            {
                return [new ResolvedTarget(notification.Callback, refusal)];
            }
        }

        return [new ResolvedTarget(notification.Callback, Refusal: null)];
    }
}
