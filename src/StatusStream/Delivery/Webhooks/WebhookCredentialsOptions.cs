namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// An endpoint's credentials as configured, bound from the endpoint's section. Each can be given inline or as
/// a file to read (a mounted Kubernetes secret), never both. <see cref="WebhookCredentials.TryLoad"/> reads and
/// checks them once at start-up. The values are secrets: <see cref="ToString"/> says only which settings are set.
/// </summary>
internal sealed class WebhookCredentialsOptions
{
    /// <summary>Sent as the <c>access-key</c> header (OSP's static access key).</summary>
    public string? AccessKey { get; set; }

    /// <summary>A file whose content is the access key; surrounding whitespace and the final newline are ignored.</summary>
    public string? AccessKeyFile { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c> (GOV.UK Notify: at least 10 characters).</summary>
    public string? BearerToken { get; set; }

    public string? BearerTokenFile { get; set; }

    /// <summary>
    /// Standard Webhooks signing secrets (<c>whsec_…</c>), separated by spaces, commas or new lines, NEWEST FIRST:
    /// requests are signed with every one, in this order (docs/webhooks.md, "Signatures", on rotation).
    /// One string rather than a list, so one environment variable can set it.
    /// </summary>
    public string? SigningSecrets { get; set; }

    /// <summary>A file with the signing secrets in the same form, one per line is usual.</summary>
    public string? SigningSecretsFile { get; set; }

    public override string ToString() =>
        $"AccessKey={Shown(AccessKey)}, AccessKeyFile={AccessKeyFile ?? "(unset)"}, " +
        $"BearerToken={Shown(BearerToken)}, BearerTokenFile={BearerTokenFile ?? "(unset)"}, " +
        $"SigningSecrets={Shown(SigningSecrets)}, SigningSecretsFile={SigningSecretsFile ?? "(unset)"}";

    // File paths are not secret and help an operator; values are.
    private static string Shown(string? secret) => secret is null ? "(unset)" : SecretText.Redacted;
}
