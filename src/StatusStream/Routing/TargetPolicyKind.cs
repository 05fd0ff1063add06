namespace StatusStream.Routing;

/// <summary>Which callback topics an event may name (Routing:TargetPolicy).</summary>
public enum TargetPolicyKind
{
    /// <summary>Any well-formed callback topic: City OS's trust model, where the sender names its callback freely.</summary>
    Any,

    /// <summary>
    /// Only the namespace the event claims: a Kafka target must be &lt;source.namespace&gt;.&lt;service&gt;-callback, and source is
    /// required. The claim is the producer's word: it stops mistakes, not a producer that names another namespace.
    /// </summary>
    SourceNamespace,

    /// <summary>
    /// Only the namespace of the input topic the event was read from (&lt;namespace&gt;.notifications, written only by that
    /// namespace's principals under its CityOsKafka ACLs): a claimed source.namespace must be the same, and a Kafka target
    /// must be in it. Subscriptions match on it too. See <see cref="InputTopicNamespaces"/>.
    /// </summary>
    InputTopicNamespace,
}
