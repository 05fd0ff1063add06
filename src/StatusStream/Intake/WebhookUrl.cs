using System.Globalization;

namespace StatusStream.Intake;

/// <summary>
/// The webhook target grammar of the contract (the schema's webhookUrl pattern, by hand): http or https in lower
/// case, a host name, IPv4 address or bracketed IPv6 address, an optional port 0-65535, then optionally a path, query
/// or fragment of printable ASCII without spaces. No user:password@ part, at most <see cref="MaxLength"/> characters.
/// </summary>
/// <remarks>
/// Only the shape: whether the host may be called (SSRF rules) is for the delivery side to decide, after resolving it.
/// Problems are worded for dead-letter details and never quote the URL, which may carry a secret in its path or query.
/// </remarks>
internal static class WebhookUrl
{
    /// <summary>Longest webhook URL accepted (the schema's maxLength).</summary>
    public const int MaxLength = 2048;

    private const int MaxPort = 65535;
    private const int MaxPortDigits = 5;

    public static bool IsValid(string url) => Problem(url) is null;

    /// <summary>
    /// The URL as it may be shown in logs, dead-letter headers, traces and <c>ToString</c>: scheme, host and port only.
    /// User info and query may carry a credential, and so may the path: chat-style incoming webhooks put their secret
    /// there (<c>/services/T0/B0/&lt;secret&gt;</c>), and nothing tells such a path from a harmless one.
    /// </summary>
    public static string Display(Uri url) => url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary><see cref="Display"/> of a URL given as text; one that does not parse is never echoed.</summary>
    public static string Display(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Display(uri) : "(unparsable url)";

    /// <summary>Why <paramref name="url"/> is not a webhook target of the grammar, or null when it is.</summary>
    public static string? Problem(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        int i;
        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            i = "https://".Length;
        }
        else if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            i = "http://".Length;
        }
        else
        {
            return "not an absolute URL starting with http:// or https:// (lower case)";
        }

        var authorityEnd = url.AsSpan(i).IndexOfAny('/', '?', '#');
        if (url.AsSpan(i, authorityEnd < 0 ? url.Length - i : authorityEnd).Contains('@'))
        {
            return "user:password@ is not allowed in the URL; use the webhook's auth settings";
        }

        if (i < url.Length && url[i] == '[')
        {
            var close = url.IndexOf(']', i + 1);
            if (close < 0 || close == i + 1 || !IsIpv6Text(url.AsSpan(i + 1, close - i - 1)))
            {
                return "the bracketed IPv6 host is malformed";
            }

            i = close + 1;
        }
        else
        {
            var start = i;
            while (i < url.Length && (char.IsAsciiLetterOrDigit(url[i]) || url[i] is '.' or '-'))
            {
                i++;
            }

            if (i == start || !char.IsAsciiLetterOrDigit(url[start]) || !char.IsAsciiLetterOrDigit(url[i - 1]))
            {
                return "no host name or IP address after the scheme";
            }
        }

        if (i < url.Length && url[i] == ':')
        {
            var start = ++i;
            while (i < url.Length && char.IsAsciiDigit(url[i]))
            {
                i++;
            }

            var digits = url.AsSpan(start, i - start);
            var inRange = digits.Length is > 0 and <= MaxPortDigits
                && (digits.Length < MaxPortDigits || (digits[0] != '0' && int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) <= MaxPort));
            if (!inRange)
            {
                return "the port is not a number from 0 to 65535";
            }
        }

        if (i == url.Length)
        {
            return null;
        }

        if (url[i] is not ('/' or '?' or '#'))
        {
            return "the host must be followed by a port, path, query or fragment";
        }

        foreach (var c in url.AsSpan(i))
        {
            if (c is < '!' or > '~')
            {
                return "contains a space, control or non-ASCII character (percent-encode it)";
            }
        }

        return null;
    }

    // Hex digits, colons and dots (an embedded IPv4 tail): the schema's [0-9A-Fa-f:.]+; the address itself is checked
    // when it is resolved.
    private static bool IsIpv6Text(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
