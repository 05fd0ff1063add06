namespace StatusStream.Intake;

/// <summary>
/// The Kafka callback topic of City OS status callbacks: <c>&lt;namespace&gt;.&lt;service&gt;-callback</c>, which a CityOsKafka manifest in
/// <c>namespace</c> declaring topic <c>&lt;service&gt;-callback</c> creates. Both names are DNS labels (RFC 1123, as
/// Kubernetes names namespaces): 1 to 63 of <c>a-z</c>, <c>0-9</c> and <c>-</c>, starting and ending with a letter or digit.
/// </summary>
/// <remarks>
/// Hand-written equivalent of the <c>kafkaCallbackTopic</c> pattern in schemas/notification-event.schema.json
/// (the schema agreement tests hold the two together); no Regex, because this runs once per event on the hot path.
/// </remarks>
internal static class CallbackTopicName
{
    /// <summary>The suffix every callback topic ends with.</summary>
    public const string Suffix = "-callback";

    private const int MaxLabelLength = 63;

    /// <summary>Whether <paramref name="topic"/> is a callback topic name; false for null.</summary>
    public static bool IsValid(string topic) => topic is not null && TrySplit(topic, out _, out _);

    /// <summary>Splits a callback topic into its namespace and service; both are "" when it is not one.</summary>
    public static bool TryParse(string topic, out string @namespace, out string service)
    {
        if (topic is null || !TrySplit(topic, out var namespaceLength, out var serviceLength))
        {
            @namespace = string.Empty;
            service = string.Empty;
            return false;
        }

        @namespace = topic[..namespaceLength];
        service = topic.Substring(namespaceLength + 1, serviceLength);
        return true;
    }

    /// <summary>Builds the callback topic of a service; throws when the names are not DNS labels.</summary>
    public static string For(string @namespace, string service)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(service);
        var topic = $"{@namespace}.{service}{Suffix}";
        if (!IsValid(topic))
        {
            throw new ArgumentException(
                $"'{@namespace}' and '{service}' must both be DNS labels (a-z, 0-9, '-', 1 to 63 characters, starting and ending with a letter or digit).",
                nameof(@namespace));
        }

        return topic;
    }

    private static bool TrySplit(ReadOnlySpan<char> topic, out int namespaceLength, out int serviceLength)
    {
        namespaceLength = topic.IndexOf('.');
        serviceLength = topic.Length - namespaceLength - 1 - Suffix.Length;
        return namespaceLength > 0
            && serviceLength > 0
            && topic.EndsWith(Suffix, StringComparison.Ordinal)
            && IsDnsLabel(topic[..namespaceLength])
            && IsDnsLabel(topic.Slice(namespaceLength + 1, serviceLength));
    }

    private static bool IsDnsLabel(ReadOnlySpan<char> label)
    {
        if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
