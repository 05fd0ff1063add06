using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>
/// The live subscriptions of one namespace, each filed under its most selective filter field: its event
/// ids, else its service, else its provider, else with the ones that want everything. An event looks in
/// the four places that can hold a match for it, so the work per event grows with the subscriptions that
/// could match it, not with the namespace's total. Subscriptions to received text messages are filed apart:
/// no event ever looks at them, and no message at the others. Not thread-safe: <see cref="SubscriptionStore"/> locks.
/// </summary>
internal sealed class NamespaceSubscriptions
{
    private readonly Dictionary<Guid, Dictionary<Guid, Subscription>> _byEventId = [];
    private readonly Dictionary<string, Dictionary<Guid, Subscription>> _byService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<Guid, Subscription>> _byProvider = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, Subscription> _rest = [];
    private readonly Dictionary<Guid, Subscription> _inboundMessages = [];

    public int Count { get; private set; }

    public void Add(Subscription subscription)
    {
        if (subscription.Filter.Kind == OutboundKind.InboundMessage)
        {
            _inboundMessages[subscription.Id] = subscription;
        }
        else if (subscription.Filter.EventIds.Count > 0)
        {
            foreach (var eventId in subscription.Filter.EventIds)
            {
                Bucket(_byEventId, eventId)[subscription.Id] = subscription;
            }
        }
        else if (subscription.Filter.Service is { } service)
        {
            Bucket(_byService, service)[subscription.Id] = subscription;
        }
        else if (subscription.Filter.Provider is { } provider)
        {
            Bucket(_byProvider, provider)[subscription.Id] = subscription;
        }
        else
        {
            _rest[subscription.Id] = subscription;
        }

        Count++;
    }

    public void Remove(Subscription subscription)
    {
        if (subscription.Filter.Kind == OutboundKind.InboundMessage)
        {
            _inboundMessages.Remove(subscription.Id);
        }
        else if (subscription.Filter.EventIds.Count > 0)
        {
            foreach (var eventId in subscription.Filter.EventIds)
            {
                Unfile(_byEventId, eventId, subscription.Id);
            }
        }
        else if (subscription.Filter.Service is { } service)
        {
            Unfile(_byService, service, subscription.Id);
        }
        else if (subscription.Filter.Provider is { } provider)
        {
            Unfile(_byProvider, provider, subscription.Id);
        }
        else
        {
            _rest.Remove(subscription.Id);
        }

        Count--;
    }

    /// <summary>Calls <paramref name="candidate"/> for every subscription filed where <paramref name="eventId"/>, <paramref name="service"/> or <paramref name="provider"/> could match.</summary>
    public void ForEachCandidate<TState>(Guid eventId, string? service, string provider, ref TState state, CandidateVisitor<TState> candidate)
    {
        if (_byEventId.Count > 0 && _byEventId.TryGetValue(eventId, out var byEvent))
        {
            Visit(byEvent, ref state, candidate);
        }

        if (service is not null && _byService.Count > 0 && _byService.TryGetValue(service, out var byService))
        {
            Visit(byService, ref state, candidate);
        }

        if (_byProvider.Count > 0 && _byProvider.TryGetValue(provider, out var byProvider))
        {
            Visit(byProvider, ref state, candidate);
        }

        Visit(_rest, ref state, candidate);
    }

    /// <summary>Calls <paramref name="candidate"/> for every subscription to received text messages (few per namespace: no index).</summary>
    public void ForEachInboundMessageCandidate<TState>(ref TState state, CandidateVisitor<TState> candidate) =>
        Visit(_inboundMessages, ref state, candidate);

    private static void Visit<TState>(Dictionary<Guid, Subscription> bucket, ref TState state, CandidateVisitor<TState> candidate)
    {
        foreach (var subscription in bucket.Values)
        {
            candidate(subscription, ref state);
        }
    }

    private static Dictionary<Guid, Subscription> Bucket<TKey>(Dictionary<TKey, Dictionary<Guid, Subscription>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var bucket))
        {
            bucket = [];
            index.Add(key, bucket);
        }

        return bucket;
    }

    private static void Unfile<TKey>(Dictionary<TKey, Dictionary<Guid, Subscription>> index, TKey key, Guid id)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var bucket) && bucket.Remove(id) && bucket.Count == 0)
        {
            index.Remove(key);
        }
    }
}
