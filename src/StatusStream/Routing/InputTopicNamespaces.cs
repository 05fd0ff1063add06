using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Routing;

/// <summary>
/// Routing:TargetPolicy=InputTopicNamespace: the namespace an input belongs to is that of the topic it was read from,
/// not what it says. CityOsKafka names a topic after the namespace whose manifest declares it (<c>city</c>'s manifest
/// declaring <c>notifications</c> makes <c>city.notifications</c>), and that manifest's ACLs say who may write it, so
/// the topic's first label is a namespace no producer of another namespace can put on a record.
/// </summary>
/// <remarks>
/// Only the topics the consume loop reads (Kafka:InputTopics and Kafka:InboundTopic) have a namespace; a retry record
/// names its input topic in statusstream.original.topic, so a topic this instance does not read vouches for nothing.
/// Looked up once per input record, never per status: the table is made once, from the settings.
/// </remarks>
internal sealed class InputTopicNamespaces
{
    private readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);

    public InputTopicNamespaces(IOptions<RoutingOptions> routing, IOptions<KafkaOptions> kafka)
    {
        Enabled = routing.Value.TargetPolicy == TargetPolicyKind.InputTopicNamespace;
        if (!Enabled)
        {
            return;
        }

        foreach (var topic in kafka.Value.InputTopicList.Append(kafka.Value.InboundTopic.Trim()))
        {
            if (NamespaceOfName(topic) is { } ns)
            {
                _namespaces[topic] = ns;
            }
        }
    }

    /// <summary>Whether Routing:TargetPolicy is InputTopicNamespace: only then is any namespace trusted.</summary>
    public bool Enabled { get; }

    /// <summary>The namespace of input topic <paramref name="topic"/>; null when the policy is off or this instance does not read that topic.</summary>
    public string? Of(string topic) => Enabled && _namespaces.TryGetValue(topic, out var ns) ? ns : null;

    /// <summary>
    /// <paramref name="outbound"/> with its trusted namespace found again from the input topic its origin names: a retry
    /// record carries statusstream.original.topic (only StatusStream writes the retry topic), not the namespace.
    /// </summary>
    public OutboundStatus WithTrustedNamespace(OutboundStatus outbound) =>
        Enabled ? outbound with { Origin = outbound.Origin with { TrustedNamespace = Of(outbound.Origin.Topic) } } : outbound;

    /// <summary>The namespace a topic name gives: its first label, when that is a DNS label and something follows it; else null.</summary>
    public static string? NamespaceOfName(string topic)
    {
        var dot = topic.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < topic.Length - 1 && IsDnsLabel(topic.AsSpan(0, dot)) ? topic[..dot] : null;
    }

    private static bool IsDnsLabel(ReadOnlySpan<char> label) =>
        label.Length <= 63 && label[0] != '-' && label[^1] != '-'
        && !label.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-");
}
