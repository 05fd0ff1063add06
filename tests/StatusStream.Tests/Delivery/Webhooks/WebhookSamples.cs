using System.Text.Json;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Statuses and assertions shared by the webhook format and signing tests.</summary>
internal static class WebhookSamples
{
    public static readonly Guid EventId = new("5f0c1c8e-6a59-4d4b-9b53-2a8f0e1f7a10");
    public static readonly Guid Recipient = new("2089ad58-857e-4b31-a647-b78432c129d2");
    public static readonly DateTimeOffset ReceivedAt = new(2026, 11, 25, 10, 0, 0, 123, TimeSpan.Zero);

    /// <summary>A status with none of the optional details: what an old producer sends.</summary>
    public static NotificationStatus Bare(bool success = true, string provider = "slack") =>
        new(EventId, Recipient, success, success ? "" : "mailbox unavailable", provider);

    /// <summary>A status with every optional detail set, in a non-UTC offset so conversion is visible.</summary>
    public static NotificationStatus Detailed(bool success = true, string? deliveryState = "delivered") =>
        Bare(success, provider: "email") with
        {
            Details = new StatusDetails(
                Reference: "12345678",
                NotificationType: "email",
                CreatedAt: new DateTimeOffset(2017, 5, 14, 14, 15, 30, 250, TimeSpan.FromHours(2)).AddTicks(4567),
                OccurredAt: new DateTimeOffset(2017, 5, 14, 12, 16, 0, TimeSpan.Zero),
                Address: "hello@gov.uk",
                DeliveryState: deliveryState,
                SentAt: new DateTimeOffset(2017, 5, 14, 12, 15, 45, 5, TimeSpan.Zero),
                Source: new EventSource("billing", "invoices")),
        };

    /// <summary>A fresh status on its way to a webhook <paramref name="target"/>, tracked by a ledger of its own.</summary>
    public static OutboundStatus Outbound(string target, NotificationStatus? status = null, string? trustedNamespace = null)
    {
        status ??= new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "sms");
        return new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(CallbackType.Webhook, target),
            new InputOrigin("events", 0, 0, DateTimeOffset.UnixEpoch) { TrustedNamespace = trustedNamespace }, null,
            new OffsetLedger().Track(new TopicPartitionOffset("events", 0, 0), 1));
    }

    public static WebhookRenderContext Context(WebhookFormatSettings? settings = null, HalSubscriptionLink? subscription = null) =>
        new(ReceivedAt, settings ?? WebhookFormatSettings.None, subscription);

    public static JsonElement Parse(WebhookBody body)
    {
        using var document = JsonDocument.Parse(body.Content);
        return document.RootElement.Clone();
    }

    /// <summary>The property names of an object, in document order.</summary>
    public static string[] KeysOf(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
