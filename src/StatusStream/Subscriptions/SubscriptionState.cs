namespace StatusStream.Subscriptions;

/// <summary>A stored subscription's state; a cancelled one is a tombstone, not a state.</summary>
internal enum SubscriptionState
{
    Active,

    /// <summary>Its receiver answered 410 Gone: kept (GET shows it) but sent nothing more until cancelled.</summary>
    Disabled,
}
