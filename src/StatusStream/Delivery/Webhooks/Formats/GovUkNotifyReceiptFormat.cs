using System.Text.Json;
using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// <c>govuk-notify</c>: GOV.UK Notify's email and text message delivery receipt, the one place our fields are
/// mapped onto it (docs/webhooks.md, "Webhook formats"). Every key is always present, as in Notify's own receipts:
/// <code>
/// id                uuid v5 of the status id: the same receipt id on every retry and after restarts
/// reference         details.reference, else null (Notify sends null when the service gave none)
/// to                details.address, else the recipient uuid (the only recipient identity we always have)
/// status            details.delivery_state when it agrees with success, else delivered / technical-failure
/// created_at        details.created_at, else the time the input was received
/// completed_at      details.occurred_at, else the time the input was received
/// sent_at           details.sent_at, else null
/// notification_type details.notification_type, else the provider, when either is email, sms or letter; else null
/// </code>
/// Times are UTC with six fraction digits, exactly like GOV.UK Notify's <c>2017-05-14T12:15:30.000000Z</c>.
/// </summary>
internal sealed class GovUkNotifyReceiptFormat : IWebhookFormat
{
    // Plain JSON, as the Kafka callback's content-type header says; kept here so the formats depend on no delivery code.
    public const string ContentType = "application/json";
    public const string TimestampPattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public const string Delivered = "delivered";
    public const string PermanentFailure = "permanent-failure";
    public const string TemporaryFailure = "temporary-failure";
    public const string TechnicalFailure = "technical-failure";

    /// <summary>
    /// The namespace of receipt ids. Changing it changes every id a receiver has already seen, so never do.
    /// </summary>
    public static readonly Guid ReceiptIdNamespace = new("7a56e9fc-003b-423a-9151-79af27d1e65e");

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ReferenceName = JsonEncodedText.Encode("reference");
    private static readonly JsonEncodedText ToName = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText CreatedAtName = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText CompletedAtName = JsonEncodedText.Encode("completed_at");
    private static readonly JsonEncodedText SentAtName = JsonEncodedText.Encode("sent_at");
    private static readonly JsonEncodedText NotificationTypeName = JsonEncodedText.Encode("notification_type");
    private static readonly JsonEncodedText DeliveredValue = JsonEncodedText.Encode(Delivered);
    private static readonly JsonEncodedText PermanentFailureValue = JsonEncodedText.Encode(PermanentFailure);
    private static readonly JsonEncodedText TemporaryFailureValue = JsonEncodedText.Encode(TemporaryFailure);
    private static readonly JsonEncodedText TechnicalFailureValue = JsonEncodedText.Encode(TechnicalFailure);
    private static readonly JsonEncodedText EmailValue = JsonEncodedText.Encode("email");
    private static readonly JsonEncodedText SmsValue = JsonEncodedText.Encode("sms");
    private static readonly JsonEncodedText LetterValue = JsonEncodedText.Encode("letter");

    public WebhookProfile Profile => WebhookProfile.GovUkNotify;

    /// <summary>The receipt's <c>id</c>: uuid v5 (<see cref="ReceiptIdNamespace"/>, UTF-8 of "&lt;event_id&gt;:&lt;recipient&gt;").</summary>
    public static Guid ReceiptIdOf(NotificationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Span<byte> statusId = stackalloc byte[StatusIdUtf8.Length];
        StatusIdUtf8.Write(status, statusId);
        return NameBasedUuid.Create(ReceiptIdNamespace, statusId);
    }

    public WebhookBody Render(NotificationStatus status, WebhookRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(context);
        var details = status.Details;
        var writer = JsonBodyWriter.Start();
        writer.WriteStartObject();
        writer.WriteString(IdName, ReceiptIdOf(status));
        WriteStringOrNull(writer, ReferenceName, details.Reference);
        if (details.Address is not null)
        {
            writer.WriteString(ToName, details.Address);
        }
        else
        {
            writer.WriteString(ToName, status.Recipient);
        }

        writer.WriteString(StatusName, StatusOf(status));
        UtcTimestampJson.Write(writer, CreatedAtName, details.CreatedAt ?? context.ReceivedAt, TimestampPattern);
        UtcTimestampJson.Write(writer, CompletedAtName, details.OccurredAt ?? context.ReceivedAt, TimestampPattern);
        if (details.SentAt is { } sentAt)
        {
            UtcTimestampJson.Write(writer, SentAtName, sentAt, TimestampPattern);
        }
        else
        {
            writer.WriteNull(SentAtName);
        }

        if ((NotificationTypeOf(details.NotificationType) ?? NotificationTypeOf(status.Provider)) is { } type)
        {
            writer.WriteString(NotificationTypeName, type);
        }
        else
        {
            writer.WriteNull(NotificationTypeName);
        }

        writer.WriteEndObject();
        return new WebhookBody(JsonBodyWriter.Finish(writer), ContentType);
    }

    /// <summary>
    /// The finer state from the input wins only when it agrees with <c>success</c>, City OS's required field:
    /// a receipt must never contradict the status the same notification reports by Kafka or as <c>cityos</c>.
    /// A failure without a finer state is a technical-failure: Notify's permanent-failure tells a service that the
    /// address is wrong (services then stop using it), which we do not know.
    /// </summary>
    private static JsonEncodedText StatusOf(NotificationStatus status) => (status.Details.DeliveryState, status.Success) switch
    {
        (Delivered, true) => DeliveredValue,
        (PermanentFailure, false) => PermanentFailureValue,
        (TemporaryFailure, false) => TemporaryFailureValue,
        (TechnicalFailure, false) => TechnicalFailureValue,
        (_, true) => DeliveredValue,
        (_, false) => TechnicalFailureValue,
    };

    // Notify has exactly three types; a provider named "Email" or "SMS" says which, "slack" says none of them.
    private static JsonEncodedText? NotificationTypeOf(string? name) =>
        string.Equals(name, "email", StringComparison.OrdinalIgnoreCase) ? EmailValue
        : string.Equals(name, "sms", StringComparison.OrdinalIgnoreCase) ? SmsValue
        : string.Equals(name, "letter", StringComparison.OrdinalIgnoreCase) ? LetterValue
        : null;

    private static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
