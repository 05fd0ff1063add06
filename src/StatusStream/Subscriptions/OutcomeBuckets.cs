namespace StatusStream.Subscriptions;

/// <summary>
/// One place of the <see cref="NamespaceSubscriptions"/> index, split by the outcome the subscriptions want: an event
/// whose recipients all succeeded never looks at the failure-only ones, and the other way round. Not thread-safe.
/// </summary>
internal sealed class OutcomeBuckets
{
    private readonly Dictionary<Guid, Subscription> _any = [];
    private readonly Dictionary<Guid, Subscription> _success = [];
    private readonly Dictionary<Guid, Subscription> _failure = [];

    public bool IsEmpty => _any.Count == 0 && _success.Count == 0 && _failure.Count == 0;

    public void Add(Subscription subscription) => Of(subscription.Filter.Outcome)[subscription.Id] = subscription;

    public void Remove(Subscription subscription) => Of(subscription.Filter.Outcome).Remove(subscription.Id);

    /// <summary>Calls <paramref name="candidate"/> for each subscription whose outcome the event has a status for.</summary>
    public void Visit<TState>(bool anySuccess, bool anyFailure, ref TState state, CandidateVisitor<TState> candidate)
    {
        Visit(_any, ref state, candidate);
        if (anySuccess)
        {
            Visit(_success, ref state, candidate);
        }

        if (anyFailure)
        {
            Visit(_failure, ref state, candidate);
        }
    }

    private static void Visit<TState>(Dictionary<Guid, Subscription> bucket, ref TState state, CandidateVisitor<TState> candidate)
    {
        foreach (var subscription in bucket.Values)
        {
            candidate(subscription, ref state);
        }
    }

    private Dictionary<Guid, Subscription> Of(OutcomeFilter outcome) => outcome switch
    {
        OutcomeFilter.Success => _success,
        OutcomeFilter.Failure => _failure,
        _ => _any,
    };
}
