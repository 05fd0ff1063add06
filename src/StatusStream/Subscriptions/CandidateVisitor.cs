namespace StatusStream.Subscriptions;

/// <summary>Called for each candidate subscription of an event, with the caller's state by reference (no closure per event).</summary>
internal delegate void CandidateVisitor<TState>(Subscription subscription, ref TState state);
