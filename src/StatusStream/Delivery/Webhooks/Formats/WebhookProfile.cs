namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// The request body a webhook endpoint expects: one per source system that describes an HTTP callback.
/// Configured per endpoint by its name (<see cref="WebhookProfileName"/>); the numeric values index
/// <see cref="WebhookBodyRenderer"/>'s table, so they stay dense and start at 0.
/// </summary>
internal enum WebhookProfile
{
    /// <summary><c>cityos</c> (the default): City OS's NotificationStatus JSON, unchanged.</summary>
    CityOs = 0,

    /// <summary><c>osp</c>: OSP's workflow event callback body.</summary>
    Osp = 1,

    /// <summary><c>govuk-notify</c>: GOV.UK Notify's delivery receipt.</summary>
    GovUkNotify = 2,

    /// <summary><c>hal</c>: the adidas API guidelines' callback to a subscription, the status inside a HAL envelope.</summary>
    Hal = 3,
}
