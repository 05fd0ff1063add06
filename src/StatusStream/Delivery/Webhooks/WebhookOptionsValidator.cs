using System.Globalization;
using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks.Formats;

namespace StatusStream.Delivery.Webhooks;

/// <summary>Bad webhook settings stop the host at start with a message naming the setting (never a secret's value).</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        const string Section = WebhookOptions.SectionName;
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        var invariant = CultureInfo.InvariantCulture;
        Check(options.Concurrency is >= 1 and <= 1024, string.Create(invariant, $"{Section}:Concurrency must be between 1 and 1024 (was {options.Concurrency})."));
        Check(options.TimeoutSeconds is > 0 and <= 300, string.Create(invariant, $"{Section}:TimeoutSeconds must be above 0 and at most 300 (was {options.TimeoutSeconds})."));
        Check(options.MaxResponseBytes is >= 0 and <= 16 * 1024 * 1024, string.Create(invariant, $"{Section}:MaxResponseBytes must be between 0 and 16777216 (was {options.MaxResponseBytes})."));
        Check(options.MaxRetryAfterSeconds is > 0 and <= 604_800, string.Create(invariant, $"{Section}:MaxRetryAfterSeconds must be above 0 and at most 604800 (was {options.MaxRetryAfterSeconds})."));
        Check(options.MaxUnnamedEndpoints >= 1, string.Create(invariant, $"{Section}:MaxUnnamedEndpoints must be at least 1 (was {options.MaxUnnamedEndpoints})."));
        Check(options.BreakerFailureRatio is > 0 and <= 1, string.Create(invariant, $"{Section}:BreakerFailureRatio must be above 0 and at most 1 (was {options.BreakerFailureRatio})."));
        Check(options.BreakerMinimumThroughput >= 2, string.Create(invariant, $"{Section}:BreakerMinimumThroughput must be at least 2 (was {options.BreakerMinimumThroughput})."));
        Check(options.BreakerSamplingSeconds >= 0.5, string.Create(invariant, $"{Section}:BreakerSamplingSeconds must be at least 0.5 (was {options.BreakerSamplingSeconds})."));
        Check(options.DisableAfterFailingSeconds == 0 || options.DisableAfterFailingSeconds >= 1,
            string.Create(invariant, $"{Section}:DisableAfterFailingSeconds must be 0 (never) or at least 1 (was {options.DisableAfterFailingSeconds})."));
        Check(options.BreakerBreakSeconds >= 0.5, string.Create(invariant, $"{Section}:BreakerBreakSeconds must be at least 0.5 (was {options.BreakerBreakSeconds})."));
        foreach (var (setting, list) in new[] { ("AllowedNetworks", options.AllowedNetworks), ("DeniedNetworks", options.DeniedNetworks) })
        {
            try
            {
                WebhookAddressRules.ParseList(list);
            }
            catch (FormatException e)
            {
                failures.Add($"{Section}:{setting}: {e.Message}.");
            }
        }

        foreach (var (endpointName, endpoint) in options.Endpoints)
        {
            var path = $"{Section}:Endpoints:{endpointName}";
            // The Url decides which targets get the endpoint's credentials: it must say exactly one scheme, host, port and path.
            Check(NamedEndpointUrl.TryParse(endpoint.Url, out _),
                $"{path}:Url must be {NamedEndpointUrl.ExpectedForm} (was '{CallbackUrlForMessage(endpoint.Url)}').");
            if (!WebhookProfileName.TryParse(endpoint.Profile, out var profile))
            {
                failures.Add($"{path}:Profile must be one of {WebhookProfileName.AllowedNames} (was '{endpoint.Profile}').");
            }
            else if (!WebhookCredentials.TryLoad(endpoint.ToCredentials(), path, profile, out _, out var credentialErrors))
            {
                failures.AddRange(credentialErrors);
            }

            Check(endpoint.Concurrency is null or (>= 1 and <= 1024), string.Create(invariant, $"{path}:Concurrency must be between 1 and 1024 (was {endpoint.Concurrency})."));
            Check(endpoint.TimeoutSeconds is null or (> 0 and <= 300), string.Create(invariant, $"{path}:TimeoutSeconds must be above 0 and at most 300 (was {endpoint.TimeoutSeconds})."));
            Check(endpoint.MaxRetries is null or (>= 0 and <= 100), string.Create(invariant, $"{path}:MaxRetries must be between 0 and 100 (was {endpoint.MaxRetries})."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A URL as it may appear in an error: without its query and user info, which may hold a credential.</summary>
    private static string CallbackUrlForMessage(string url)
    {
        var query = url.IndexOfAny(['?', '#']);
        var shown = query < 0 ? url : url[..query] + "?…";
        var authority = shown.IndexOf("//", StringComparison.Ordinal) is var slashes and >= 0 ? slashes + 2 : 0;
        var end = shown.IndexOf('/', authority) is var pathStart and >= 0 ? pathStart : shown.Length;
        var at = end > authority ? shown.LastIndexOf('@', end - 1, end - authority) : -1;
        return at < 0 ? shown : shown[..authority] + "…@" + shown[(at + 1)..];
    }
}
