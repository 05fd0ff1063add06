namespace StatusStream.Subscriptions;

/// <summary>The adidas API guidelines' two kinds of subscription.</summary>
internal enum SubscriptionMode
{
    /// <summary>Until cancelled.</summary>
    Continuous,

    /// <summary>One callback, then cancelled automatically (after the first successful delivery).</summary>
    OnlyOnce,
}
