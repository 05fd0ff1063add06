using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Routing;

/// <summary>A rule a target must pass before anything is sent to it (which topics an event or a received message may write to, which webhook endpoints are known).</summary>
internal interface ITargetPolicy
{
    /// <summary>Null when <paramref name="target"/> may receive the outputs of an input from <paramref name="source"/> (null: the input did not say).</summary>
    /// <param name="inputNamespace">The namespace of the topic the input was read from (<see cref="InputTopicNamespaces"/>); null unless Routing:TargetPolicy is InputTopicNamespace.</param>
    TargetRefusal? Refuse(EventSource? source, StatusCallback target, string? inputNamespace);
}
