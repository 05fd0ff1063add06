using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Routing;

/// <summary>
/// Routing:TargetPolicy=SourceNamespace: an event from city/parking may write to city.*-callback
/// topics only, so one service cannot fill another's callback topic with statuses it never sent
/// (StatusStream's principal can write to every callback topic; without this rule it would do so
/// for anyone who asks). The event must say who it is from.
/// </summary>
/// <remarks>
/// The namespace is the one the event claims: it keeps an honest producer's mistakes out of other namespaces, and it
/// does not stop a producer that claims another namespace (<see cref="InputTopicNamespacePolicy"/> does).
/// </remarks>
internal sealed class SourceNamespacePolicy(IOptions<RoutingOptions> options) : ITargetPolicy
{
    public const string SourceRequiredReason = "source-required";
    public const string ForeignNamespaceReason = "foreign-namespace";

    public TargetRefusal? Refuse(EventSource? source, StatusCallback target, string? inputNamespace)
    {
        if (options.Value.TargetPolicy != TargetPolicyKind.SourceNamespace)
        {
            return null;
        }

        if (source is null)
        {
            return new TargetRefusal(SourceRequiredReason,
                "Routing:TargetPolicy is SourceNamespace, so an event or inbound message must carry source.namespace and source.service");
        }

        if (target.Type == CallbackType.Kafka
            && CallbackTopicName.TryParse(target.Target, out var topicNamespace, out _)
            && !string.Equals(topicNamespace, source.Namespace, StringComparison.Ordinal))
        {
            return new TargetRefusal(ForeignNamespaceReason,
                $"an input from namespace '{source.Namespace}' may not write to '{target.Target}' (Routing:TargetPolicy=SourceNamespace)");
        }

        return null;
    }
}
