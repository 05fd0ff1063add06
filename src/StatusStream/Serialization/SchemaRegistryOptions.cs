namespace StatusStream.Serialization;

/// <summary>
/// Confluent Schema Registry support (configuration section "Serialization:SchemaRegistry"). Off unless
/// <see cref="Url"/> is set: then input records may come in Confluent's JSON Schema wire format as well as plain
/// JSON, and callback records are written in it, with schemas/notification-status.schema.json registered under
/// the callback topic's <c>&lt;topic&gt;-value</c> subject. The credentials are secrets: never logged, never in a
/// validation message, never in a header.
/// </summary>
internal sealed class SchemaRegistryOptions
{
    public const string SectionName = "Serialization:SchemaRegistry";

    public const double DefaultRequestTimeoutSeconds = 10;

    /// <summary>Comma-separated registry URLs (http or https, no user info: credentials go in the settings below).</summary>
    public string? Url { get; set; }

    /// <summary>Basic auth as <c>username:password</c> (Confluent's <c>basic.auth.user.info</c>); or the two settings below.</summary>
    public string? BasicAuthUserInfo { get; set; }

    public string? BasicAuthUsername { get; set; }

    public string? BasicAuthPassword { get; set; }

    /// <summary>Seconds one registry request may take before the status counts as transiently failed.</summary>
    public double RequestTimeoutSeconds { get; set; } = DefaultRequestTimeoutSeconds;

    /// <summary>
    /// True: register the status schema under each callback subject (or get its id if it is there). False: only look
    /// it up, for registries where schemas are registered by a pipeline and producers may not register.
    /// </summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The URLs for logs: user info (anything before an '@') is cut, so even a refused URL never shows credentials.</summary>
    public string DisplayUrl => string.Join(',', (Url ?? "").Split(',', StringSplitOptions.TrimEntries).Select(WithoutUserInfo));

    /// <summary>The <c>username:password</c> pair to send, or null without basic auth.</summary>
    public string? UserInfo => !string.IsNullOrEmpty(BasicAuthUserInfo)
        ? BasicAuthUserInfo
        : !string.IsNullOrEmpty(BasicAuthUsername) ? $"{BasicAuthUsername}:{BasicAuthPassword}" : null;

    /// <summary>One URL with anything before an '@' cut (the scheme kept).</summary>
    public static string WithoutUserInfo(string url)
    {
        var at = url.LastIndexOf('@');
        if (at < 0)
        {
            return url;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return (scheme >= 0 && scheme < at ? url[..(scheme + 3)] : "") + url[(at + 1)..];
    }
}
