using System.Diagnostics.CodeAnalysis;
using System.Text;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// An endpoint's credentials, read and checked once at start-up from <see cref="WebhookCredentialsOptions"/>.
/// Nothing here prints a secret: <see cref="ToString"/> says what is set, validation messages name the setting
/// (and a file's path) but never the value, and the values themselves are <see cref="SecretText"/> and
/// <see cref="WebhookSigningKey"/>, which redact themselves.
/// </summary>
internal sealed class WebhookCredentials
{
    /// <summary>GOV.UK Notify refuses shorter callback bearer tokens.</summary>
    public const int MinBearerTokenLength = 10;

    public const string AccessKeyHeader = "access-key";
    public const string AuthorizationHeader = "Authorization";

    // A credential file is a few hundred bytes; a path that points at something big is a mistake, not a secret.
    private const int MaxFileBytes = 64 * 1024;

    private static readonly char[] SecretSeparators = [' ', ',', '\t', '\r', '\n'];

    private WebhookCredentials(SecretText? accessKey, SecretText? bearerToken, IReadOnlyList<WebhookSigningKey> signingKeys)
    {
        AccessKey = accessKey;
        BearerToken = bearerToken;
        SigningKeys = signingKeys;
        ScrubbedForms = ResponseExcerptScrubber.FormsOf([
            .. accessKey is null ? Array.Empty<string>() : [accessKey.Reveal()],
            .. bearerToken is null ? Array.Empty<string>() : [bearerToken.Reveal()],
            .. signingKeys.Select(key => key.RevealBase64())]);
    }

    /// <summary>No credentials: the defaults for a target that matches no endpoint (<c>cityos</c>, unsigned).</summary>
    public static WebhookCredentials None { get; } = new(null, null, []);

    public SecretText? AccessKey { get; }

    public SecretText? BearerToken { get; }

    /// <summary>Newest first, the order they were configured in and the order the signatures are sent in.</summary>
    public IReadOnlyList<WebhookSigningKey> SigningKeys { get; }

    public bool Signs => SigningKeys.Count > 0;

    /// <summary>Every secret here in the forms a receiver could echo it in (<see cref="ResponseExcerptScrubber"/>), made once at start.</summary>
    public IReadOnlyList<string> ScrubbedForms { get; }

    /// <summary>
    /// Reads inline values and <c>…File</c> settings, checks them and what <paramref name="profile"/> requires
    /// (<c>osp</c> an access key, <c>govuk-notify</c> a bearer token). On failure <paramref name="errors"/> has one
    /// line per problem, each starting with the full setting name (<paramref name="settingPath"/>:<c>Name</c>).
    /// </summary>
    /// <param name="settingPath">The configuration path of the section bound to <paramref name="options"/>, e.g. <c>Webhooks:Endpoints:notify</c>.</param>
    public static bool TryLoad(
        WebhookCredentialsOptions options,
        string settingPath,
        WebhookProfile profile,
        [NotNullWhen(true)] out WebhookCredentials? credentials,
        out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settingPath);
        var problems = new List<string>();

        var accessKey = ReadSingleLine(options.AccessKey, options.AccessKeyFile, settingPath, nameof(options.AccessKey), problems);
        var bearerToken = ReadSingleLine(options.BearerToken, options.BearerTokenFile, settingPath, nameof(options.BearerToken), problems);
        if (bearerToken is not null && bearerToken.Length < MinBearerTokenLength)
        {
            problems.Add($"{SettingOf(settingPath, nameof(options.BearerToken), options.BearerTokenFile)} must be at least {MinBearerTokenLength} characters (GOV.UK Notify's minimum).");
            bearerToken = null;
        }

        var signingKeys = ReadSigningKeys(options, settingPath, problems);

        if (profile == WebhookProfile.Osp && accessKey is null && !HasSetting(options.AccessKey, options.AccessKeyFile))
        {
            problems.Add($"{settingPath}:{nameof(options.AccessKey)} (or {nameof(options.AccessKeyFile)}) is required for the {WebhookProfileName.Osp} profile: OSP callbacks carry an access-key header.");
        }

        if (profile == WebhookProfile.GovUkNotify && bearerToken is null && !HasSetting(options.BearerToken, options.BearerTokenFile))
        {
            problems.Add($"{settingPath}:{nameof(options.BearerToken)} (or {nameof(options.BearerTokenFile)}) is required for the {WebhookProfileName.GovUkNotify} profile: Notify callbacks carry a bearer token.");
        }

        errors = problems;
        credentials = problems.Count == 0 ? new WebhookCredentials(accessKey, bearerToken, signingKeys) : null;
        return credentials is not null;
    }

    /// <summary>Adds the <c>access-key</c> and <c>Authorization: Bearer</c> headers that are configured, replacing earlier ones.</summary>
    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AccessKey is not null)
        {
            request.Headers.Remove(AccessKeyHeader);
            request.Headers.TryAddWithoutValidation(AccessKeyHeader, AccessKey.Reveal());
        }

        if (BearerToken is not null)
        {
            request.Headers.Remove(AuthorizationHeader);
            request.Headers.TryAddWithoutValidation(AuthorizationHeader, "Bearer " + BearerToken.Reveal());
        }
    }

    public override string ToString() =>
        $"access-key: {(AccessKey is null ? "none" : SecretText.Redacted)}, bearer token: {(BearerToken is null ? "none" : SecretText.Redacted)}, signing keys: {SigningKeys.Count}";

    // Set at all, even to something invalid: then the problem is already reported and "required" would only repeat it.
    private static bool HasSetting(string? inline, string? file) => inline is not null || !string.IsNullOrEmpty(file);

    private static SecretText? ReadSingleLine(string? inline, string? file, string settingPath, string name, List<string> problems)
    {
        var text = ReadInlineOrFile(inline, file, settingPath, name, problems);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            problems.Add($"{SettingOf(settingPath, name, file)} is empty.");
            return null;
        }

        // A header value with a line break would let the value inject headers; any other control character is a paste accident.
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.Contains('\u007f', StringComparison.Ordinal))
        {
            problems.Add($"{SettingOf(settingPath, name, file)} contains a line break or another control character.");
            return null;
        }

        return new SecretText(text);
    }

    private static List<WebhookSigningKey> ReadSigningKeys(WebhookCredentialsOptions options, string settingPath, List<string> problems)
    {
        const string Name = nameof(options.SigningSecrets);
        var keys = new List<WebhookSigningKey>();
        var text = ReadInlineOrFile(options.SigningSecrets, options.SigningSecretsFile, settingPath, Name, problems);
        if (text is null)
        {
            return keys;
        }

        var secrets = text.Split(SecretSeparators, StringSplitOptions.RemoveEmptyEntries);
        if (secrets.Length == 0)
        {
            problems.Add($"{SettingOf(settingPath, Name, options.SigningSecretsFile)} is empty.");
        }

        for (var i = 0; i < secrets.Length; i++)
        {
            if (WebhookSigningKey.TryParse(secrets[i], out var key))
            {
                keys.Add(key);
            }
            else
            {
                // The position, never the value: a secret with a typo is still mostly a secret.
                problems.Add($"{SettingOf(settingPath, Name, options.SigningSecretsFile)}: secret {i + 1} of {secrets.Length} is not {WebhookSigningKey.ExpectedForm}.");
            }
        }

        return keys;
    }

    /// <returns>The trimmed value, "" when set but blank, or null when neither setting is given or on an error.</returns>
    private static string? ReadInlineOrFile(string? inline, string? file, string settingPath, string name, List<string> problems)
    {
        var hasInline = !string.IsNullOrEmpty(inline);
        var hasFile = !string.IsNullOrEmpty(file);
        if (hasInline && hasFile)
        {
            problems.Add($"{settingPath}:{name} and {settingPath}:{name}File are both set; set one.");
            return null;
        }

        if (hasInline)
        {
            return inline!.Trim();
        }

        if (!hasFile)
        {
            return inline is null ? null : string.Empty;
        }

        try
        {
            using var stream = new FileStream(file!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length > MaxFileBytes)
            {
                problems.Add($"{settingPath}:{name}File: '{file}' is larger than {MaxFileBytes / 1024} KiB; is it the right file?");
                return null;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd().Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The path is configuration, not a secret; the exception's message is left out so nothing from the file can leak.
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "does not exist",
                UnauthorizedAccessException => "is not readable by this process",
                _ => "cannot be read",
            };
            problems.Add($"{settingPath}:{name}File: '{file}' {reason}.");
            return null;
        }
    }

    private static string SettingOf(string settingPath, string name, string? file) =>
        string.IsNullOrEmpty(file) ? $"{settingPath}:{name}" : $"{settingPath}:{name}File ('{file}')";
}
