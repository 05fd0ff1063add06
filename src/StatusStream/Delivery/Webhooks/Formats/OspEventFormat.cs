using System.Text.Json;
using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// <c>osp</c>: OSP's workflow event callback body, the one place our fields are mapped onto it (docs/webhooks.md, "Webhook formats"):
/// <code>
/// tenantId         endpoint setting OspTenantId, else the event source's namespace, else ""
/// referenceId      the recipient uuid            (OSP: "a unique id identifies a user")
/// transactionId    "&lt;event_id&gt;:&lt;recipient&gt;"  (the status id: stable across retries, what an idempotent receiver dedupes on)
/// notificationType TRANSACTION_EVENT             (a status is a change of one delivery's state)
/// payLoad          { status: PASSED | FAILED, event_id, recipient, success, error, provider, reference? }
/// timestamp        occurred_at, else the time the input was received; UTC, "2022-08-12T10:12:16.827Z"
/// </code>
/// payLoad's <c>status</c> uses the TRANSACTION_EVENT values OSP lists; the other fields keep City OS's
/// names so one parser reads a status whether it came by Kafka, as <c>cityos</c> or inside <c>payLoad</c>.
/// The timestamp has the form of every date in OSP's example (ISO 8601, milliseconds, Z), which Java
/// receivers parse with <c>Instant.parse</c> or Jackson's default date format.
/// </summary>
internal sealed class OspEventFormat : IWebhookFormat
{
    /// <summary>Exactly as OSP's documentation writes it, without a space before charset.</summary>
    public const string ContentType = "application/json;charset=UTF-8";

    public const string TransactionEvent = "TRANSACTION_EVENT";
    public const string Passed = "PASSED";
    public const string Failed = "FAILED";
    public const string TimestampPattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    private static readonly JsonEncodedText TenantIdName = JsonEncodedText.Encode("tenantId");
    private static readonly JsonEncodedText ReferenceIdName = JsonEncodedText.Encode("referenceId");
    private static readonly JsonEncodedText TransactionIdName = JsonEncodedText.Encode("transactionId");
    private static readonly JsonEncodedText NotificationTypeName = JsonEncodedText.Encode("notificationType");
    private static readonly JsonEncodedText PayLoadName = JsonEncodedText.Encode("payLoad");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText RecipientName = JsonEncodedText.Encode("recipient");
    private static readonly JsonEncodedText SuccessName = JsonEncodedText.Encode("success");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText ProviderName = JsonEncodedText.Encode("provider");
    private static readonly JsonEncodedText ReferenceName = JsonEncodedText.Encode("reference");
    private static readonly JsonEncodedText TransactionEventValue = JsonEncodedText.Encode(TransactionEvent);
    private static readonly JsonEncodedText PassedValue = JsonEncodedText.Encode(Passed);
    private static readonly JsonEncodedText FailedValue = JsonEncodedText.Encode(Failed);

    public WebhookProfile Profile => WebhookProfile.Osp;

    public WebhookBody Render(NotificationStatus status, WebhookRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(context);
        var details = status.Details;
        var writer = JsonBodyWriter.Start();
        writer.WriteStartObject();
        writer.WriteString(TenantIdName, TenantIdOf(status, context.Settings));
        writer.WriteString(ReferenceIdName, status.Recipient);
        WriteStatusId(writer, status);
        writer.WriteString(NotificationTypeName, TransactionEventValue);

        writer.WriteStartObject(PayLoadName);
        writer.WriteString(StatusName, status.Success ? PassedValue : FailedValue);
        writer.WriteString(EventIdName, status.EventId);
        writer.WriteString(RecipientName, status.Recipient);
        writer.WriteBoolean(SuccessName, status.Success);
        writer.WriteString(ErrorName, status.Error);
        writer.WriteString(ProviderName, status.Provider);
        if (details.Reference is not null)
        {
            writer.WriteString(ReferenceName, details.Reference);
        }

        writer.WriteEndObject();

        UtcTimestampJson.Write(writer, TimestampName, details.OccurredAt ?? context.ReceivedAt, TimestampPattern);
        writer.WriteEndObject();
        return new WebhookBody(JsonBodyWriter.Finish(writer), ContentType);
    }

    /// <summary>
    /// OSP requires tenantId. The endpoint's setting is the receiver's own customer id and wins; the
    /// source namespace is the City OS tenant that sent the notification; "" keeps the field present when neither is known.
    /// </summary>
    private static string TenantIdOf(NotificationStatus status, WebhookFormatSettings settings) =>
        settings.OspTenantId ?? status.Details.Source?.Namespace ?? string.Empty;

    // "<event_id>:<recipient>" written from the two uuids, without building NotificationStatus.StatusId's string.
    private static void WriteStatusId(Utf8JsonWriter writer, NotificationStatus status)
    {
        Span<byte> id = stackalloc byte[StatusIdUtf8.Length];
        StatusIdUtf8.Write(status, id);
        writer.WriteString(TransactionIdName, id);
    }
}
