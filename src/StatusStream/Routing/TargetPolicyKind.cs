namespace StatusStream.Routing;

/// <summary>Which callback topics an event may name (Routing:TargetPolicy).</summary>
public enum TargetPolicyKind
{
    /// <summary>Any well-formed callback topic: seed 000's trust model, where the sender names its callback freely.</summary>
    Any,

    /// <summary>Only the event's own namespace: a Kafka target must be &lt;source.namespace&gt;.&lt;service&gt;-callback, and source is required.</summary>
    SourceNamespace,
}
