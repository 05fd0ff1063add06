namespace StatusStream.Subscriptions;

/// <summary>Headers on the subscriptions topic's tombstones, which have no value to say whose they were.</summary>
internal static class SubscriptionHeaders
{
    /// <summary>The namespace the ended subscription belonged to, so a second cancel can answer 202 to its owner only.</summary>
    public const string Namespace = "statusstream.subscription.namespace";

    /// <summary>"cancelled" (by its owner) or "completed" (an only-once subscription after its callback).</summary>
    public const string Ended = "statusstream.subscription.ended";

    public static string Name(EndReason reason) => reason == EndReason.Completed ? "completed" : "cancelled";

    public static EndReason Parse(string? text) => text == "completed" ? EndReason.Completed : EndReason.Cancelled;
}
