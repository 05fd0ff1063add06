namespace StatusStream.Records;

/// <summary>
/// Header names and values of a forwarded text message (docs/topics-and-headers.md). Only ids and kinds: the
/// numbers and the text are personal data and live in the record's value alone.
/// </summary>
internal static class InboundMessageHeaders
{
    /// <summary>The message's id: stable across redeliveries and retries, the key to deduplicate on (callback records and webhook requests).</summary>
    public const string MessageId = "message-id";

    /// <summary>The content type of a forwarded message on a Kafka callback topic, so a consumer of a topic that also carries statuses tells them apart.</summary>
    public const string ContentType = "application/vnd.statusstream.inbound-message+json";

    /// <summary>The content type of a forwarded message's webhook request: plain JSON, as GOV.UK Notify sends its callbacks.</summary>
    public const string WebhookContentType = "application/json";

    /// <summary>Retry records and dead letters only: what the value is. Absent means a NotificationStatus (records written before kinds existed).</summary>
    public const string Kind = "statusstream.kind";

    /// <summary>The value of <see cref="Kind"/> for a received text message.</summary>
    public const string InboundMessageKind = "inbound-message";
}
