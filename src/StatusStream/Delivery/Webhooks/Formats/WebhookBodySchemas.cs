namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>Every webhook body StatusStream sends: each profile's status body, and the received text message bodies.</summary>
internal static class WebhookBodySchemas
{
    /// <summary>The JSON Schema of a status as City OS defines it (and every Kafka callback record carries).</summary>
    public const string NotificationStatusFile = "notification-status.schema.json";

    /// <summary>The JSON Schema of a received text message as it is forwarded.</summary>
    public const string ReceivedTextMessageFile = "received-text-message.schema.json";

    public static IReadOnlyList<WebhookBodySchema> All { get; } =
    [
        new("cityos-status", WebhookProfile.CityOs, false, CityOsStatusFormat.ContentType, NotificationStatusFile,
            "A status, profile cityos (the default): City OS's NotificationStatus, as on the Kafka callback topics."),
        new("osp-status", WebhookProfile.Osp, false, OspEventFormat.ContentType, "webhook-osp.schema.json",
            "A status, profile osp: an OSP workflow event callback (TRANSACTION_EVENT)."),
        new("govuk-notify-status", WebhookProfile.GovUkNotify, false, GovUkNotifyReceiptFormat.ContentType, "webhook-govuk-notify.schema.json",
            "A status, profile govuk-notify: a GOV.UK Notify delivery receipt."),
        new("hal-status", WebhookProfile.Hal, false, HalCallbackFormat.ContentType, "webhook-hal.schema.json",
            "A status to a subscription, profile hal (adidas API guidelines): the subscription's HAL links around the status."),
        new("received-text-message", WebhookProfile.CityOs, true, CityOsStatusFormat.ContentType, ReceivedTextMessageFile,
            "A received text message, to an endpoint of any profile but hal: GOV.UK Notify's 'text messages you receive' callback."),
        new("hal-received-text-message", WebhookProfile.Hal, true, HalCallbackFormat.ContentType, "webhook-hal-received-text-message.schema.json",
            "A received text message to a subscription (filter.kind inbound-message), profile hal: the subscription's HAL links around it."),
    ];
}
