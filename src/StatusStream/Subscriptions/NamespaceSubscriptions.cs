using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>
/// The live subscriptions of one namespace, each active one filed under its most selective filter field (its event
/// ids, else its service, else its provider, else with the broad ones that name none of them) and there by the outcome
/// it wants. An event looks in the four places that can hold a match for it, and there only at the outcomes it has, so
/// the work per event grows with the subscriptions that could match it, not with the namespace's total; the broad ones,
/// which every event looks at, are bounded apart (Subscriptions:MaxBroadPerNamespace). Disabled subscriptions are
/// counted but not filed: they match nothing. Subscriptions to received text messages are filed apart: no event ever
/// looks at them, and no message at the others. Not thread-safe: <see cref="SubscriptionStore"/> locks.
/// </summary>
internal sealed class NamespaceSubscriptions
{
    private readonly Dictionary<Guid, OutcomeBuckets> _byEventId = [];
    private readonly Dictionary<string, OutcomeBuckets> _byService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutcomeBuckets> _byProvider = new(StringComparer.OrdinalIgnoreCase);
    private readonly OutcomeBuckets _broad = new();
    private readonly Dictionary<Guid, Subscription> _inboundMessages = [];

    /// <summary>Live subscriptions, active or disabled.</summary>
    public int Count { get; private set; }

    /// <summary>Live subscriptions that name no event id, service or provider (<see cref="IsBroad"/>), active or disabled.</summary>
    public int BroadCount { get; private set; }

    /// <summary>Whether every input of the namespace is a candidate for a subscription with <paramref name="filter"/>.</summary>
    public static bool IsBroad(SubscriptionFilter filter) => filter.EventIds.Count == 0 && filter.Service is null && filter.Provider is null;

    public void Add(Subscription subscription) => File(subscription, add: true);

    public void Remove(Subscription subscription) => File(subscription, add: false);

    /// <summary>
    /// Calls <paramref name="candidate"/> for every active subscription filed where <paramref name="eventId"/>, <paramref name="service"/>
    /// or <paramref name="provider"/> could match, among those wanting any outcome or one the event has (<paramref name="anySuccess"/>,
    /// <paramref name="anyFailure"/>: whether some recipient succeeded, failed).
    /// </summary>
    public void ForEachCandidate<TState>(Guid eventId, string? service, string provider, bool anySuccess, bool anyFailure,
        ref TState state, CandidateVisitor<TState> candidate)
    {
        if (_byEventId.Count > 0 && _byEventId.TryGetValue(eventId, out var byEvent))
        {
            byEvent.Visit(anySuccess, anyFailure, ref state, candidate);
        }

        if (service is not null && _byService.Count > 0 && _byService.TryGetValue(service, out var byService))
        {
            byService.Visit(anySuccess, anyFailure, ref state, candidate);
        }

        if (_byProvider.Count > 0 && _byProvider.TryGetValue(provider, out var byProvider))
        {
            byProvider.Visit(anySuccess, anyFailure, ref state, candidate);
        }

        _broad.Visit(anySuccess, anyFailure, ref state, candidate);
    }

    /// <summary>Calls <paramref name="candidate"/> for every active subscription to received text messages (few per namespace: no index).</summary>
    public void ForEachInboundMessageCandidate<TState>(ref TState state, CandidateVisitor<TState> candidate)
    {
        foreach (var subscription in _inboundMessages.Values)
        {
            candidate(subscription, ref state);
        }
    }

    private void File(Subscription subscription, bool add)
    {
        var sign = add ? 1 : -1;
        Count += sign;
        var filter = subscription.Filter;
        if (IsBroad(filter))
        {
            BroadCount += sign;
        }

        if (subscription.State != SubscriptionState.Active)
        {
            return;
        }

        if (filter.Kind == OutboundKind.InboundMessage)
        {
            if (add)
            {
                _inboundMessages[subscription.Id] = subscription;
            }
            else
            {
                _inboundMessages.Remove(subscription.Id);
            }
        }
        else if (filter.EventIds.Count > 0)
        {
            foreach (var eventId in filter.EventIds)
            {
                File(_byEventId, eventId, subscription, add);
            }
        }
        else if (filter.Service is { } service)
        {
            File(_byService, service, subscription, add);
        }
        else if (filter.Provider is { } provider)
        {
            File(_byProvider, provider, subscription, add);
        }
        else if (add)
        {
            _broad.Add(subscription);
        }
        else
        {
            _broad.Remove(subscription);
        }
    }

    private static void File<TKey>(Dictionary<TKey, OutcomeBuckets> index, TKey key, Subscription subscription, bool add)
        where TKey : notnull
    {
        if (add)
        {
            if (!index.TryGetValue(key, out var buckets))
            {
                buckets = new OutcomeBuckets();
                index.Add(key, buckets);
            }

            buckets.Add(subscription);
        }
        else if (index.TryGetValue(key, out var buckets))
        {
            buckets.Remove(subscription);
            if (buckets.IsEmpty)
            {
                index.Remove(key);
            }
        }
    }
}
