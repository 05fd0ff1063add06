namespace StatusStream.Delivery.Webhooks;

/// <summary>One named receiver (Webhooks:Endpoints:&lt;name&gt;). Credentials come from here or from mounted files, never from an event.</summary>
internal sealed class WebhookEndpointOptions
{
    /// <summary>URL prefix matched against event targets, e.g. "https://osp.example.org/callbacks/".</summary>
    public string Url { get; set; } = "";

    /// <summary>cityos (default), osp, govuk-notify or hal.</summary>
    public string Profile { get; set; } = "cityos";

    public int? Concurrency { get; set; }

    public double? TimeoutSeconds { get; set; }

    /// <summary>The next status goes only after the previous one was delivered (OSP's "200, then the next event").</summary>
    public bool? Ordered { get; set; }

    public int? MaxRetries { get; set; }

    public double? BackoffFactor { get; set; }

    public double? BackoffMax { get; set; }

    /// <summary>osp: the tenantId in the body.</summary>
    public string? TenantId { get; set; }

    /// <summary>osp: the access-key header. A secret (see <see cref="WebhookCredentialsOptions"/> for all four).</summary>
    public string? AccessKey { get; set; }

    public string? AccessKeyFile { get; set; }

    /// <summary>govuk-notify: the bearer token (at least 10 characters). A secret.</summary>
    public string? BearerToken { get; set; }

    public string? BearerTokenFile { get; set; }

    /// <summary>Standard Webhooks signing secrets (whsec_...), newest first. Secrets.</summary>
    public string? SigningSecrets { get; set; }

    public string? SigningSecretsFile { get; set; }

    /// <summary>
    /// The four credentials as one value. A method, not a property: the configuration binder fills a
    /// get-only object property in place, so a property here would take
    /// <c>Webhooks:Endpoints:&lt;name&gt;:Credentials:AccessKey</c> into a throw-away copy and the
    /// unknown-settings check would accept it; an operator's key would be dropped without a word.
    /// </summary>
    public WebhookCredentialsOptions ToCredentials() => new()
    {
        AccessKey = AccessKey,
        AccessKeyFile = AccessKeyFile,
        BearerToken = BearerToken,
        BearerTokenFile = BearerTokenFile,
        SigningSecrets = SigningSecrets,
        SigningSecretsFile = SigningSecretsFile,
    };

    /// <summary>Says which settings are set, never a secret's value.</summary>
    public override string ToString() => $"Url={Url}, Profile={Profile}, {ToCredentials()}";
}
