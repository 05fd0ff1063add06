namespace StatusStream.OperationalEvents;

/// <summary>
/// One state change, as written to the operations topic (Kafka:OperationsTopic). Names an endpoint only by its configured
/// name, or "scheme://host:port" for one that matches none (with the namespace that is part of its key): never a URL
/// path, query or credential, as dead letters do.
/// </summary>
/// <param name="Type">One of <see cref="OperationalEventTypes"/>.</param>
/// <param name="Endpoint">The endpoint's name or origin; null for a subscription's event.</param>
/// <param name="Namespace">An unnamed endpoint's or a subscription's namespace; null for a named endpoint.</param>
/// <param name="Subscription">The subscription's id, for subscription events.</param>
/// <param name="Reason">Why: e.g. failing, operator, cancelled, completed, receiver-gone.</param>
/// <param name="FailingSince">For endpoint-disabled after failures: when the run of failed attempts began.</param>
internal sealed record OperationalEvent(
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    string Group,
    string? Endpoint,
    string? Namespace,
    Guid? Subscription,
    string Reason,
    DateTimeOffset? FailingSince = null)
{
    /// <summary>
    /// The record key: the subject the event is about ("endpoint:&lt;name&gt;", "endpoint:&lt;origin&gt;#&lt;namespace&gt;",
    /// "subscription:&lt;id&gt;"), so one subject's events stay in order on one partition, and compaction keeps each
    /// subject's last one.
    /// </summary>
    public string Key => Subscription is { } id ? $"subscription:{id:D}" : EndpointKey(Endpoint ?? "", Namespace);

    /// <summary>An endpoint's key: an origin never holds '#', so the namespace after the first one is unambiguous.</summary>
    public static string EndpointKey(string endpoint, string? ns) => ns is null ? $"endpoint:{endpoint}" : $"endpoint:{endpoint}#{ns}";
}
