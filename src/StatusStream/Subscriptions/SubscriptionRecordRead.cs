using StatusStream.Records;

namespace StatusStream.Subscriptions;

/// <summary>
/// What one record of the subscriptions topic says, once read and judged: a subscription as it now is, an end, or a
/// skip with its reason (a metric tag) and a problem that names no secret and quotes none of the record's bytes.
/// </summary>
internal readonly record struct SubscriptionRecordRead(
    Guid Id, Subscription? Subscription, string? Namespace, EndReason Reason, bool Untagged, string? SkipReason, string? Problem)
{
    /// <summary>Metric tag: the key is not a subscription id.</summary>
    public const string BadKey = "key";

    /// <summary>Metric tag: no tag, a tag that does not verify under any configured key, or an untagged record without Subscriptions:AcceptUntaggedRecords.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Metric tag: authenticated, but its value is not a subscription record this version reads.</summary>
    public const string Malformed = "malformed";

    /// <summary>Metric tag: a subscription the API would have refused (rules of <see cref="SubscriptionRules.RecordRefusal"/>), or an end of another namespace's.</summary>
    public const string Refused = "refused";

    public bool IsSkip => SkipReason is not null;

    public bool IsEnd => SkipReason is null && Subscription is null;

    public static SubscriptionRecordRead Skip(string reason, string problem) => new(Guid.Empty, null, null, EndReason.Cancelled, false, reason, problem);
}
