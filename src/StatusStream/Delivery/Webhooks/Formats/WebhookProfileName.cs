using System.Diagnostics.CodeAnalysis;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// The names operators write in configuration (<c>cityos</c>, <c>osp</c>, <c>govuk-notify</c>, <c>hal</c>).
/// The configuration binder's own enum parsing would accept <c>GovUkNotify</c> but not <c>govuk-notify</c>,
/// the name the documentation and the source systems' users know, so options bind a string and parse it here.
/// </summary>
internal static class WebhookProfileName
{
    public const string CityOs = "cityos";
    public const string Osp = "osp";
    public const string GovUkNotify = "govuk-notify";
    public const string Hal = "hal";

    /// <summary>For validation messages: every accepted name.</summary>
    public const string AllowedNames = "cityos, osp, govuk-notify, hal";

    public static bool TryParse([NotNullWhen(true)] string? name, out WebhookProfile profile)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "CITYOS":
                profile = WebhookProfile.CityOs;
                return true;
            case "OSP":
                profile = WebhookProfile.Osp;
                return true;
            case "GOVUK-NOTIFY":
                profile = WebhookProfile.GovUkNotify;
                return true;
            case "HAL":
                profile = WebhookProfile.Hal;
                return true;
            default:
                profile = default;
                return false;
        }
    }

    public static string Of(WebhookProfile profile) => profile switch
    {
        WebhookProfile.CityOs => CityOs,
        WebhookProfile.Osp => Osp,
        WebhookProfile.GovUkNotify => GovUkNotify,
        WebhookProfile.Hal => Hal,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "not a webhook profile"),
    };
}
