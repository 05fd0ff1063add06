using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace StatusStream.Settings;

/// <summary>Where settings come from, for messages that name a setting's source (the host reads the same prefix).</summary>
internal static class SettingSources
{
    /// <summary>Environment variables with this prefix are settings: STATUSSTREAM_Kafka__GroupId is Kafka:GroupId.</summary>
    public const string EnvironmentPrefix = "STATUSSTREAM_";

    /// <summary>
    /// Which source set a key, as a message says it ("from the command line"): the one that wins
    /// (configuration reads providers last to first). Null when no source has the key, e.g. a default.
    /// </summary>
    public static string? Of(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _))
            {
                continue;
            }

            return provider switch
            {
                FileConfigurationProvider file => $"from {file.Source.Path}",
                EnvironmentVariablesConfigurationProvider => $"from the environment variable {EnvironmentPrefix}{SpelledBy(provider, key).Replace(":", "__", StringComparison.Ordinal)}",
                MemoryConfigurationProvider => "from the command line",
                _ => $"from {provider}",
            };
        }

        return null;
    }

    /// <summary>
    /// The key as the provider holds it. Keys match whatever their case, but a message names the key as the code spells
    /// it ("Retry:MaxRetries"), and an environment variable is only found under its own spelling (STATUSSTREAM_RETRY__MAXRETRIES).
    /// </summary>
    private static string SpelledBy(IConfigurationProvider provider, string key)
    {
        string? path = null;
        foreach (var segment in key.Split(':'))
        {
            var spelled = provider.GetChildKeys([], path).FirstOrDefault(k => string.Equals(k, segment, StringComparison.OrdinalIgnoreCase)) ?? segment;
            path = path is null ? spelled : $"{path}:{spelled}";
        }

        return path ?? key;
    }
}
