namespace StatusStream.Records;

/// <summary>
/// Headers on the subscriptions topic: the namespace and why it ended on tombstones, which have no value to say whose
/// they were; the namespace (again) and the tag on every record this version writes.
/// </summary>
internal static class SubscriptionHeaders
{
    /// <summary>The namespace the ended subscription belonged to, so a second cancel can answer 202 to its owner only.</summary>
    public const string Namespace = "statusstream.subscription.namespace";

    /// <summary>
    /// <c>v1:&lt;key id&gt;:&lt;base64 HMAC-SHA256&gt;</c> over the record's key, namespace header, ended header and value
    /// (<see cref="SubscriptionRecordTag"/>): only a holder of Subscriptions:EncryptionKey writes a record that is read back.
    /// </summary>
    public const string Tag = "statusstream.subscription.tag";

    /// <summary>"cancelled" (by its owner) or "completed" (an only-once subscription after its callback).</summary>
    public const string Ended = "statusstream.subscription.ended";

    public static string Name(EndReason reason) => reason == EndReason.Completed ? "completed" : "cancelled";

    public static EndReason Parse(string? text) => text == "completed" ? EndReason.Completed : EndReason.Cancelled;
}
