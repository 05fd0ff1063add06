using Microsoft.Extensions.Options;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Which named endpoint (Webhooks:Endpoints) a target URL belongs to, and so whose credentials and signing secrets
/// it may carry: one whose scheme, host and port equal the target's and whose path the target's path equals or lies
/// below a whole segment at a time (<see cref="NamedEndpointUrl"/>); the longest such path wins. Text prefixes are not
/// enough: <c>http://127.0.0.1:1830</c> is a prefix of <c>http://127.0.0.1:18301/</c>, <c>https://osp.example.org</c>
/// of <c>https://osp.example.org.attacker.net/</c>, <c>/hooks</c> of <c>/hooks-evil</c>. A target whose path is
/// ambiguous (<see cref="WebhookUrlPath"/>) matches no named endpoint.
/// </summary>
internal sealed class NamedEndpointMatcher
{
    private readonly (string Name, WebhookEndpointOptions Settings, NamedEndpointUrl Url)[] _byPathLength;
    private volatile Tuple<string, KeyValuePair<string, WebhookEndpointOptions>?>? _last;

    public NamedEndpointMatcher(IOptions<WebhookOptions> options) =>
        // A Url that does not parse is refused at start (WebhookOptionsValidator); it never matches anything.
        _byPathLength = options.Value.Endpoints
            .Select(pair => (pair.Key, pair.Value, Url: NamedEndpointUrl.TryParse(pair.Value.Url, out var url) ? url : null))
            .Where(entry => entry.Url is not null)
            .Select(entry => (entry.Key, entry.Value, entry.Url!))
            .OrderByDescending(entry => entry.Item3.Path.Length)
            .ToArray();

    /// <summary>The endpoint's name and settings, or null when no named endpoint covers the target (or it is not an absolute URL).</summary>
    /// <remarks>
    /// Asked per event by routing and the retry policies: the last answer is kept, since an event's statuses (and often the
    /// next events) share one target, so the URL is parsed once per target in a row rather than per status.
    /// </remarks>
    public KeyValuePair<string, WebhookEndpointOptions>? Match(string target)
    {
        if (_byPathLength.Length == 0)
        {
            return null;
        }

        if (_last is { } last && string.Equals(last.Item1, target, StringComparison.Ordinal))
        {
            return last.Item2;
        }

        var match = Uri.TryCreate(target, UriKind.Absolute, out var uri) ? Match(uri) : null;
        _last = Tuple.Create(target, match);
        return match;
    }

    /// <inheritdoc cref="Match(string)"/>
    public KeyValuePair<string, WebhookEndpointOptions>? Match(Uri target)
    {
        if (_byPathLength.Length == 0)
        {
            return null;
        }

        // The path as the request carries it on the wire, so the comparison is about what the receiver gets; made only
        // once an endpoint's origin matches (most targets of a busy instance match none).
        var pathMade = false;
        string? path = null;
        foreach (var (name, settings, url) in _byPathLength)
        {
            if (!url.HasOriginOf(target))
            {
                continue;
            }

            if (!pathMade)
            {
                path = WebhookUrlPath.TryCanonical(target.AbsolutePath, out var canonical) ? canonical : null;
                pathMade = true;
            }

            if (url.CoversPath(path))
            {
                return new KeyValuePair<string, WebhookEndpointOptions>(name, settings);
            }
        }

        return null;
    }
}
