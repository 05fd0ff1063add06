using System.Globalization;
using Microsoft.Extensions.Options;

namespace StatusStream.Serialization;

/// <summary>Bad registry settings stop the host at start with a message naming the setting, never a credential's value.</summary>
internal sealed class SchemaRegistryOptionsValidator : IValidateOptions<SchemaRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, SchemaRegistryOptions options)
    {
        const string Section = SchemaRegistryOptions.SectionName;
        var failures = new List<string>();
        var hasUserInfo = !string.IsNullOrEmpty(options.BasicAuthUserInfo);
        var hasUsername = !string.IsNullOrEmpty(options.BasicAuthUsername);
        var hasPassword = !string.IsNullOrEmpty(options.BasicAuthPassword);

        if (!options.Enabled)
        {
            if (hasUserInfo || hasUsername || hasPassword)
            {
                failures.Add($"{Section}:Url is required when registry credentials are set (the registry is off without it).");
            }

            return Result(failures);
        }

        foreach (var url in options.Url!.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{Section}:Url must be a comma-separated list of absolute http or https URLs (was '{SchemaRegistryOptions.WithoutUserInfo(url)}').");
            }
            else if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                // Never echo it: it holds a password. The client would send it nowhere useful and log it in errors.
                failures.Add($"{Section}:Url must not carry credentials; set {Section}:BasicAuthUserInfo or {Section}:BasicAuthUsername and {Section}:BasicAuthPassword.");
            }
        }

        if (hasUserInfo && (hasUsername || hasPassword))
        {
            failures.Add($"{Section}:BasicAuthUserInfo and {Section}:BasicAuthUsername/{Section}:BasicAuthPassword are alternatives; set one of them.");
        }
        else if (hasUserInfo && options.BasicAuthUserInfo!.IndexOf(':', StringComparison.Ordinal) <= 0)
        {
            failures.Add($"{Section}:BasicAuthUserInfo must have the form username:password.");
        }
        else if (hasUsername != hasPassword)
        {
            failures.Add($"{Section}:BasicAuthUsername and {Section}:BasicAuthPassword must be set together.");
        }
        else if (hasUsername && options.BasicAuthUsername!.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"{Section}:BasicAuthUsername must not contain ':' (basic auth cannot carry it).");
        }

        if (options.RequestTimeoutSeconds is < 0.1 or > 300)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:RequestTimeoutSeconds must be between 0.1 and 300 (was {options.RequestTimeoutSeconds})."));
        }

        return Result(failures);
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
