namespace StatusStream.Delivery.Webhooks;

/// <summary>The request formats an endpoint can ask for (Webhooks:Endpoints:&lt;name&gt;:Profile).</summary>
internal static class WebhookProfiles
{
    public const string CityOs = "cityos";
    public const string Osp = "osp";
    public const string GovUkNotify = "govuk-notify";
    public const string Hal = "hal";

    public static IReadOnlyList<string> All { get; } = [CityOs, Osp, GovUkNotify, Hal];
}
