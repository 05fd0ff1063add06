using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Routing;

namespace StatusStream.Subscriptions;

/// <summary>
/// Every subscription this instance knows, as read from the subscriptions topic (the only store; this is
/// its materialized view), plus what this instance decided locally before its own write comes back:
/// which only-once subscriptions it has claimed, and which it has ended or disabled. Thread-safe: the
/// consume loop routes, the follower applies records, API requests read, delivery threads end things.
/// </summary>
internal sealed class SubscriptionStore
{
    /// <summary>How many ended subscriptions keep their callback settings, for statuses already on their way.</summary>
    private const int EndedSettingsKept = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Subscription> _live = [];
    private readonly Dictionary<string, NamespaceSubscriptions> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (string Namespace, EndReason Reason)> _ended = [];
    private readonly Dictionary<Guid, Subscription> _endedSettings = [];
    private readonly Queue<Guid> _endedOrder = new();
    private readonly HashSet<Guid> _claimed = [];
    private readonly HashSet<Guid> _stopped = [];

    /// <summary>Live subscriptions (active or disabled) across all namespaces.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>A record read from the topic: the subscription as it now is.</summary>
    public void Apply(Subscription subscription)
    {
        lock (_lock)
        {
            if (_live.Remove(subscription.Id, out var previous))
            {
                Namespace(previous.Namespace).Remove(previous);
            }

            _ended.Remove(subscription.Id);
            _live.Add(subscription.Id, subscription);
            Namespace(subscription.Namespace).Add(subscription);
        }
    }

    /// <summary>
    /// A tombstone read from the topic: the subscription ended (namespace and reason from its headers, when present).
    /// False, and nothing changes, when it names another namespace than the live subscription's: a namespace ends only its own.
    /// </summary>
    public bool ApplyEnd(Guid id, string? ns, EndReason reason)
    {
        lock (_lock)
        {
            if (ns is not null && _live.TryGetValue(id, out var live) && live.Namespace != ns)
            {
                return false;
            }

            if (_live.Remove(id, out var previous))
            {
                Namespace(previous.Namespace).Remove(previous);
                ns ??= previous.Namespace;
                _endedSettings[id] = previous;
                _endedOrder.Enqueue(id);
                while (_endedOrder.Count > EndedSettingsKept)
                {
                    _endedSettings.Remove(_endedOrder.Dequeue());
                }
            }

            _claimed.Remove(id);
            _stopped.Remove(id);
            if (ns is not null)
            {
                _ended[id] = (ns, reason);
            }

            return true;
        }
    }

    /// <summary>The live subscription with <paramref name="id"/>, whatever its namespace, else how it ended (null namespace: unknown).</summary>
    public (Subscription? Live, string? EndedIn, EndReason Reason) Current(Guid id)
    {
        lock (_lock)
        {
            return _live.TryGetValue(id, out var live) ? (live, null, EndReason.Cancelled)
                : _ended.TryGetValue(id, out var ended) ? (null, ended.Namespace, ended.Reason)
                : (null, null, EndReason.Cancelled);
        }
    }

    /// <summary>The subscription with <paramref name="id"/> if it belongs to <paramref name="ns"/>; another namespace's is as good as absent.</summary>
    public Subscription? Find(string ns, Guid id)
    {
        lock (_lock)
        {
            return _live.TryGetValue(id, out var subscription) && subscription.Namespace == ns ? subscription : null;
        }
    }

    /// <summary>Whether <paramref name="id"/> was a subscription of <paramref name="ns"/> that has ended (as far as the topic still says).</summary>
    public bool HasEnded(string ns, Guid id)
    {
        lock (_lock)
        {
            return _ended.TryGetValue(id, out var ended) && ended.Namespace == ns;
        }
    }

    /// <summary>How many live subscriptions <paramref name="ns"/> holds, and how many of them are broad (<see cref="NamespaceSubscriptions.IsBroad"/>).</summary>
    public (int Total, int Broad) CountIn(string ns)
    {
        lock (_lock)
        {
            return _byNamespace.TryGetValue(ns, out var subscriptions) ? (subscriptions.Count, subscriptions.BroadCount) : (0, 0);
        }
    }

    /// <summary>One page of a namespace's live subscriptions, oldest first (ties by id), and how many there are.</summary>
    public (IReadOnlyList<Subscription> Page, int Total) List(string ns, int page, int size)
    {
        lock (_lock)
        {
            var all = _live.Values.Where(s => s.Namespace == ns).ToList();
            // In long: (page - 1) * size of two ints wraps around past int.MaxValue, and a far page came back as the first.
            var skip = (long)(page - 1) * size;
            var ordered = skip >= all.Count ? [] : all.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Skip((int)skip).Take(size).ToList();
            return (ordered, all.Count);
        }
    }

    /// <summary>
    /// The targets of the subscriptions of <paramref name="ns"/> that <paramref name="notification"/> matches;
    /// null when none. An only-once subscription is claimed by the first event routed to it, and gets no
    /// other until it is ended (success) or released (its delivery failed for good).
    /// </summary>
    public List<ResolvedTarget>? Match(NotificationEvent notification, string ns)
    {
        lock (_lock)
        {
            if (!_byNamespace.TryGetValue(ns, out var subscriptions) || subscriptions.Count == 0)
            {
                return null;
            }

            // Which outcomes the event has, once, so no subscription that wants only the other one is looked at.
            // Indexed, not foreach: an interface's enumerator may be an allocation per event.
            bool anySuccess = false, anyFailure = false;
            var recipients = notification.Recipients;
            for (var i = 0; i < recipients.Count && !(anySuccess && anyFailure); i++)
            {
                anySuccess |= recipients[i].Success;
                anyFailure |= !recipients[i].Success;
            }

            var state = new MatchState(notification, this, null);
            subscriptions.ForEachCandidate(notification.EventId, notification.Source?.Service, notification.Provider, anySuccess, anyFailure,
                ref state, Consider);
            return state.Targets;
        }
    }

    /// <summary>
    /// The targets of the subscriptions to received text messages of <paramref name="ns"/> that <paramref name="message"/>
    /// matches; null when none. Only-once subscriptions are claimed as by events.
    /// </summary>
    public List<ResolvedTarget>? Match(InboundMessage message, string ns)
    {
        lock (_lock)
        {
            if (!_byNamespace.TryGetValue(ns, out var subscriptions) || subscriptions.Count == 0)
            {
                return null;
            }

            var state = new InboundMatchState(message, this, null);
            subscriptions.ForEachInboundMessageCandidate(ref state, ConsiderForMessage);
            return state.Targets;
        }
    }

    /// <summary>Whether statuses for <paramref name="id"/> may still be sent: it is live, active, and not ended or disabled here.</summary>
    public bool IsDeliverable(Guid id)
    {
        lock (_lock)
        {
            return _live.TryGetValue(id, out var subscription) && subscription.State == SubscriptionState.Active && !_stopped.Contains(id);
        }
    }

    /// <summary>The subscription's settings while it is live, and for a while after it ended (for statuses already on their way).</summary>
    public Subscription? Settings(Guid id)
    {
        lock (_lock)
        {
            return _live.GetValueOrDefault(id) ?? _endedSettings.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Stops sending to <paramref name="id"/> at once, before the record that says so comes back from the
    /// topic. True the first time only, so one caller writes that record.
    /// </summary>
    public bool TryStop(Guid id)
    {
        lock (_lock)
        {
            return _live.ContainsKey(id) && _stopped.Add(id);
        }
    }

    /// <summary>An only-once subscription's delivery failed for good: the next matching event may have it.</summary>
    public void Release(Guid id)
    {
        lock (_lock)
        {
            _claimed.Remove(id);
        }
    }

    private static void Consider(Subscription subscription, ref MatchState state)
    {
        if (state.Store.Takes(subscription, subscription.Matches(state.Notification)))
        {
            (state.Targets ??= []).Add(subscription.Target);
        }
    }

    private static void ConsiderForMessage(Subscription subscription, ref InboundMatchState state)
    {
        if (state.Store.Takes(subscription, subscription.Matches(state.Message)))
        {
            (state.Targets ??= []).Add(subscription.Target);
        }
    }

    /// <summary>Whether a matching subscription gets this input: it is active and not stopped here, and an only-once one is not claimed yet (it is claimed now).</summary>
    private bool Takes(Subscription subscription, bool matches) =>
        subscription.State == SubscriptionState.Active && !_stopped.Contains(subscription.Id) && matches
        && (subscription.Mode != SubscriptionMode.OnlyOnce || _claimed.Add(subscription.Id));

    private NamespaceSubscriptions Namespace(string ns)
    {
        if (!_byNamespace.TryGetValue(ns, out var subscriptions))
        {
            subscriptions = new NamespaceSubscriptions();
            _byNamespace.Add(ns, subscriptions);
        }

        return subscriptions;
    }

    private struct InboundMatchState(InboundMessage message, SubscriptionStore store, List<ResolvedTarget>? targets)
    {
        public readonly InboundMessage Message = message;
        public readonly SubscriptionStore Store = store;
        public List<ResolvedTarget>? Targets = targets;
    }

    private struct MatchState(NotificationEvent notification, SubscriptionStore store, List<ResolvedTarget>? targets)
    {
        public readonly NotificationEvent Notification = notification;
        public readonly SubscriptionStore Store = store;
        public List<ResolvedTarget>? Targets = targets;
    }
}
