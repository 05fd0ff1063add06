namespace StatusStream.Settings;

/// <summary>
/// Settings whose value a message must never quote: credentials, and URLs, which may carry one in their path or
/// query. Judged by the key alone and on the side of silence: a false alarm only costs an echo of the value
/// (Retry:OrderedKeys is not a secret, but 'Key' is in its name).
/// </summary>
internal static class SecretSettings
{
    // AccessKey, ApiKeys, EncryptionKey, BearerToken, SigningSecrets, SaslPassword, BasicAuthUserInfo, ...:Credentials:...
    private static readonly string[] Words = ["Password", "Secret", "Token", "Key", "UserInfo", "Credential", "Url"];

    public static bool MayHoldSecret(string key)
    {
        if (Words.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // librdkafka's credentials are sasl.* and ssl.* entries (sasl.oauthbearer.config, ssl.certificate.pem, ...),
        // whatever their names end in.
        var segments = key.Split(':');
        return segments.Length > 2
            && string.Equals(segments[0], "Kafka", StringComparison.OrdinalIgnoreCase)
            && string.Equals(segments[1], "ClientProperties", StringComparison.OrdinalIgnoreCase)
            && (segments[2].Contains("sasl", StringComparison.OrdinalIgnoreCase) || segments[2].Contains("ssl", StringComparison.OrdinalIgnoreCase));
    }
}
