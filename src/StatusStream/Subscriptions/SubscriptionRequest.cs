namespace StatusStream.Subscriptions;

/// <summary>A POST /subscriptions body, read but not yet judged (that is <see cref="SubscriptionRules"/>'s job).</summary>
internal sealed record SubscriptionRequest(
    SubscriptionMode Mode,
    string? CallbackUrl,
    string? CallbackTopic,
    string? Profile,
    string? Provider,
    string? SourceNamespace,
    string? SourceService,
    string? Outcome,
    IReadOnlyList<string> EventIds,
    string? Kind = null)
{
    // The generated ToString would print the callback URL, which may carry a token.
    public override string ToString() => $"SubscriptionRequest {{ Mode = {Mode}, Webhook = {CallbackUrl is not null} }}";
}
