using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Whose delivery a status is, for keeping tenants apart on unnamed webhook endpoints: the namespace the outbound
/// status carries (the event's <c>source.namespace</c>), or "" for an item without one (those share). The one place
/// that says so: when the namespace derived from the input topic reaches the outbound status, this is the line to change.
/// </summary>
internal static class WebhookTenant
{
    public const string None = "";

    public static string Of(OutboundStatus outbound) => outbound.Details.Source?.Namespace ?? None;
}
