namespace StatusStream.Subscriptions;

/// <summary>Which statuses a subscription wants by their outcome.</summary>
internal enum OutcomeFilter
{
    Any,
    Success,
    Failure,
}
