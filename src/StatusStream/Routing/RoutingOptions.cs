namespace StatusStream.Routing;

internal sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>
    /// Any (default, the City OS status-callback model: events without source keep working), SourceNamespace (an event may only write into
    /// the namespace it claims) or InputTopicNamespace (the namespace is that of the input topic it came from, which a
    /// producer cannot forge; recommended where producers are not all trusted). See docs/routing.md.
    /// </summary>
    public TargetPolicyKind TargetPolicy { get; set; } = TargetPolicyKind.Any;
}
