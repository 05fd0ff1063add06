namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// Per-endpoint settings that change what a body says. Nothing here is a credential (those are
/// <see cref="StatusStream.Delivery.Webhooks.WebhookCredentials"/>), so these may be logged and shown.
/// </summary>
internal sealed record WebhookFormatSettings
{
    public static WebhookFormatSettings None { get; } = new();

    /// <summary>
    /// <c>osp</c>: the <c>tenantId</c> to send, the receiver's customer id as OSP's application form
    /// registers it. When unset, the namespace of the event's source is sent instead.
    /// </summary>
    public string? OspTenantId { get; init; }
}
