namespace StatusStream.Cli;

/// <summary>
/// What `dlq --target` can match: dead letters name a Kafka target by its topic and a webhook target by its scheme, host
/// and port only (its path may hold a credential), each exactly or as a prefix ending in *.
/// </summary>
internal static class DeadLetterTargetForm
{
    /// <summary>Why <paramref name="target"/> can never match a dead letter, or null when it can.</summary>
    public static string? Problem(string target)
    {
        var text = target.EndsWith('*') ? target[..^1] : target;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var authority = text[(scheme + 3)..];
            return authority.IndexOfAny(['/', '?', '#', '@']) < 0
                ? null
                : $"--target '{target}': dead letters name a webhook target by scheme, host and port only (e.g. https://hooks.example:443); leave out the path, query and user info.";
        }

        return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"--target '{target}' is neither a topic name (letters, digits, '.', '_', '-') nor a webhook target (scheme://host:port), either optionally ending in *.";
    }
}
