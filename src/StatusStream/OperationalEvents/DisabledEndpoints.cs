using System.Collections.Concurrent;

namespace StatusStream.OperationalEvents;

/// <summary>
/// Which webhook endpoints are disabled, by endpoint key (<see cref="OperationalEvent.EndpointKey"/>): the last
/// endpoint-disabled or endpoint-enabled event of each key that this group wrote, from this instance or read back from
/// the operations topic (<see cref="OperationsTopicFollower"/>), so every instance and every restart agrees. Unnamed
/// endpoints come and go (Webhooks:MaxUnnamedEndpoints), so their state lives here, not on the endpoint.
/// </summary>
internal sealed class DisabledEndpoints(string group)
{
    private readonly ConcurrentDictionary<string, OperationalEvent> _disabled = new(StringComparer.Ordinal);

    /// <summary>Bumped on every change, so a hot-path reader can skip the look-up while nothing is disabled.</summary>
    public int Count => _disabled.Count;

    public IReadOnlyCollection<OperationalEvent> All => [.. _disabled.Values];

    /// <summary>The event that disabled the endpoint, or null while it is enabled.</summary>
    public OperationalEvent? Find(string key) => _disabled.IsEmpty ? null : _disabled.GetValueOrDefault(key);

    /// <summary>Applies an endpoint event of this group; any other event, or another group's, changes nothing.</summary>
    public void Apply(OperationalEvent e)
    {
        if (e.Endpoint is null || !string.Equals(e.Group, group, StringComparison.Ordinal))
        {
            return;
        }

        var key = e.Key;
        if (e.Type == OperationalEventTypes.EndpointDisabled)
        {
            _disabled[key] = e;
        }
        else if (e.Type == OperationalEventTypes.EndpointEnabled)
        {
            _disabled.TryRemove(key, out _);
        }
    }
}
