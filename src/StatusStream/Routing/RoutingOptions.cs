namespace StatusStream.Routing;

internal sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>
    /// Any (default, seed 000's model: events without source keep working) or SourceNamespace
    /// (an event may only write into its own namespace's callback topics; recommended where
    /// producers are not all trusted). See the README, "Configuration".
    /// </summary>
    public TargetPolicyKind TargetPolicy { get; set; } = TargetPolicyKind.Any;
}
