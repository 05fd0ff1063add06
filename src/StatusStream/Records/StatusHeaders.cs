namespace StatusStream.Records;

/// <summary>Headers every delivered status carries (documented in docs/topics-and-headers.md).</summary>
internal static class StatusHeaders
{
    /// <summary>The recipient uuid, so consumers can route without parsing the value.</summary>
    public const string Recipient = "recipient";

    /// <summary>"&lt;event_id&gt;:&lt;recipient&gt;": stable across redeliveries, the key to deduplicate on.</summary>
    public const string StatusId = "status-id";

    public const string ContentType = "content-type";

    /// <summary>W3C trace context of the input record, carried through unchanged once it passed its grammar (Intake.InputTraceContext).</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C trace context's vendor list, carried with a valid <see cref="TraceParent"/> once it passed its grammar.</summary>
    public const string TraceState = "tracestate";

    /// <summary>W3C Baggage of the input record, carried once it passed its grammar and limits.</summary>
    public const string Baggage = "baggage";

    public const string JsonContentType = "application/json";

    /// <summary>
    /// The content-type of a callback record framed for the Schema Registry (magic byte and schema id before the JSON):
    /// not plain JSON, so not "application/json", which would have a consumer parse the 5-byte prefix as JSON. No media
    /// type is registered for Confluent's wire format; this is the one Confluent's Schema Registry uses for its JSON.
    /// </summary>
    public const string SchemaRegistryJsonContentType = "application/vnd.schemaregistry.v1+json";

    /// <summary>Only on statuses for a subscription (adidas API guidelines): its UUID, to correlate on a shared topic; also read back from retry records.</summary>
    public const string SubscriptionId = "subscription-id";
}
