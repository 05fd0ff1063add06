using System.Diagnostics.CodeAnalysis;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// A named endpoint's Url (Webhooks:Endpoints:&lt;name&gt;:Url) as the matcher compares it: scheme, host and port
/// exactly, and a canonical path (<see cref="WebhookUrlPath"/>) that a target's path must equal or lie below, a
/// whole segment at a time. Only a Url that says one thing parses: no user info, query, fragment, dot segment,
/// backslash or encoded slash, since each of them would leave open which targets get the endpoint's credentials.
/// </summary>
internal sealed record NamedEndpointUrl(string Scheme, string Host, int Port, string Path)
{
    /// <summary>What a Url must be, for a validation message.</summary>
    public const string ExpectedForm =
        "an absolute http or https URL without user info, query, fragment, dot segments ('.', '..', also encoded), backslashes or encoded slashes (%2F, %5C)";

    public static bool TryParse(string? url, [NotNullWhen(true)] out NamedEndpointUrl? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(url) || url.AsSpan().IndexOfAny('?', '#', '\\') >= 0
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.Host.Length == 0
            // Uri resolves dot segments silently ("/a/../b" is "/b"): check the path as it was written.
            || !WebhookUrlPath.TryCanonical(WrittenPath(url), out _)
            || !WebhookUrlPath.TryCanonical(uri.AbsolutePath, out var path))
        {
            return false;
        }

        parsed = new NamedEndpointUrl(uri.Scheme, uri.IdnHost, uri.Port, path);
        return true;
    }

    /// <summary>Whether a request to <paramref name="target"/> goes to this endpoint's scheme, host and port.</summary>
    public bool HasOriginOf(Uri target) =>
        target.Port == Port
        && string.Equals(target.Scheme, Scheme, StringComparison.Ordinal)
        && string.Equals(target.IdnHost, Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a target path (canonical, <see cref="WebhookUrlPath"/>) of this origin is this endpoint's. An ambiguous
    /// one (null) is only an endpoint's that is a whole origin: every path there is its.
    /// </summary>
    public bool CoversPath(string? targetPath) =>
        Path.Length == 0 || (targetPath is not null && WebhookUrlPath.IsAtOrBelow(targetPath, Path));

    /// <summary>The path part of <paramref name="url"/> as written: after the authority, before any query.</summary>
    private static string WrittenPath(string url)
    {
        var afterScheme = url.IndexOf("//", StringComparison.Ordinal);
        var start = afterScheme < 0 ? -1 : url.IndexOf('/', afterScheme + 2);
        return start < 0 ? "/" : url[start..];
    }
}
