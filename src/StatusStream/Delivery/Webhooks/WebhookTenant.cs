using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Whose delivery a status is, for keeping tenants apart on unnamed webhook endpoints: the namespace the input topic
/// proves (<see cref="OutboundStatus.TrustedNamespace"/>, under Routing:TargetPolicy=InputTopicNamespace), else the
/// namespace the event claims (<c>source.namespace</c>), else "" (items without one share). The one place that says so.
/// </summary>
internal static class WebhookTenant
{
    public const string None = "";

    public static string Of(OutboundStatus outbound) => outbound.TrustedNamespace ?? outbound.Details.Source?.Namespace ?? None;
}
