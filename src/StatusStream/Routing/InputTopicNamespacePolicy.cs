using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Routing;

/// <summary>
/// Routing:TargetPolicy=InputTopicNamespace: an input read from city.notifications belongs to city whatever it says. A
/// source.namespace that is not city is refused (the producer claims to be someone it is not), and so is a Kafka
/// callback topic outside city. No source is needed: the topic says who sent it.
/// </summary>
internal sealed class InputTopicNamespacePolicy(InputTopicNamespaces namespaces) : ITargetPolicy
{
    public TargetRefusal? Refuse(EventSource? source, StatusCallback target, string? inputNamespace)
    {
        if (!namespaces.Enabled)
        {
            return null;
        }

        if (inputNamespace is null)
        {
            // Only a topic this instance does not read has none, and the consume loop reads nothing else: never trusted.
            return new TargetRefusal(SourceNamespacePolicy.ForeignNamespaceReason,
                "Routing:TargetPolicy is InputTopicNamespace and the input's topic is not one of Kafka:InputTopics or Kafka:InboundTopic");
        }

        if (source is not null && !string.Equals(source.Namespace, inputNamespace, StringComparison.Ordinal))
        {
            return new TargetRefusal(SourceNamespacePolicy.ForeignNamespaceReason,
                $"an input read from a topic of namespace '{inputNamespace}' claims source.namespace '{source.Namespace}' (Routing:TargetPolicy=InputTopicNamespace)");
        }

        if (target.Type == CallbackType.Kafka
            && CallbackTopicName.TryParse(target.Target, out var topicNamespace, out _)
            && !string.Equals(topicNamespace, inputNamespace, StringComparison.Ordinal))
        {
            return new TargetRefusal(SourceNamespacePolicy.ForeignNamespaceReason,
                $"an input read from a topic of namespace '{inputNamespace}' may not write to '{target.Target}' (Routing:TargetPolicy=InputTopicNamespace)");
        }

        return null;
    }
}
