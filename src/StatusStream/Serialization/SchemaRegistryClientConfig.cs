using Confluent.SchemaRegistry;

namespace StatusStream.Serialization;

/// <summary>The registry client's configuration from <see cref="SchemaRegistryOptions"/>.</summary>
internal static class SchemaRegistryClientConfig
{
    public static SchemaRegistryConfig From(SchemaRegistryOptions options)
    {
        var config = new SchemaRegistryConfig
        {
            Url = options.Url,
            RequestTimeoutMs = (int)Math.Ceiling(options.RequestTimeoutSeconds * 1000),
        };
        if (options.UserInfo is { } userInfo)
        {
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = userInfo;
        }

        return config;
    }
}
