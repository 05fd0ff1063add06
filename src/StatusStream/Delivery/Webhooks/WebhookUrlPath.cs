using System.Text;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The path of a webhook URL in one canonical form, so a named endpoint's path and a target's path compare as the
/// receiver will read them: percent-encoded unreserved characters decoded (<c>%41</c> is <c>A</c>, <c>%2E</c> is
/// <c>.</c>), other escapes in upper case, and the final slash dropped (<c>/hooks/</c> is <c>/hooks</c>; the root is
/// the empty path). A path is ambiguous, and has no canonical form, when receivers may disagree on its segments: an
/// encoded slash or backslash (<c>%2F</c>, <c>%5C</c>), a backslash, or a dot segment left after decoding
/// (<c>/hooks/%2E%2E/admin</c>).
/// </summary>
internal static class WebhookUrlPath
{
    /// <param name="escapedPath">A path as it goes on the wire (<see cref="Uri.AbsolutePath"/>), or as configured.</param>
    public static bool TryCanonical(string escapedPath, out string canonical)
    {
        canonical = "";
        var path = escapedPath.AsSpan();
        if (path.Contains('\\'))
        {
            return false;
        }

        string decoded;
        if (!path.Contains('%'))
        {
            decoded = escapedPath;
        }
        else
        {
            var builder = new StringBuilder(path.Length);
            for (var i = 0; i < path.Length; i++)
            {
                if (path[i] != '%')
                {
                    builder.Append(path[i]);
                    continue;
                }

                if (i + 2 >= path.Length || !char.IsAsciiHexDigit(path[i + 1]) || !char.IsAsciiHexDigit(path[i + 2]))
                {
                    return false; // a stray '%': receivers disagree on what it means
                }

                var value = (char)((HexValue(path[i + 1]) << 4) | HexValue(path[i + 2]));
                if (value is '/' or '\\')
                {
                    return false;
                }

                if (char.IsAsciiLetterOrDigit(value) || value is '-' or '.' or '_' or '~')
                {
                    builder.Append(value);
                }
                else
                {
                    builder.Append('%').Append(char.ToUpperInvariant(path[i + 1])).Append(char.ToUpperInvariant(path[i + 2]));
                }

                i += 2;
            }

            decoded = builder.ToString();
        }

        foreach (var range in decoded.AsSpan().Split('/'))
        {
            var segment = decoded.AsSpan()[range];
            if (segment is "." or "..")
            {
                return false;
            }
        }

        canonical = decoded.EndsWith('/') ? decoded[..^1] : decoded;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="prefix"/> or lies below it, a whole segment at a time:
    /// <c>/hooks</c> covers <c>/hooks</c> and <c>/hooks/a</c>, never <c>/hooks-evil</c>. Both canonical.
    /// </summary>
    public static bool IsAtOrBelow(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
