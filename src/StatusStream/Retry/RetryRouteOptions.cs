namespace StatusStream.Retry;

/// <summary>
/// Overrides for one route (Retry:Routes:&lt;key&gt;); what is left unset comes from the Retry defaults.
/// </summary>
internal sealed class RetryRouteOptions
{
    /// <summary>
    /// What the route matches when it cannot be the key: an exact target or a prefix ending in
    /// <c>*</c>. Needed for webhook URLs, because ':' separates configuration keys, so
    /// "Retry:Routes:https://partner.example/*" cannot name one; write
    /// "Retry:Routes:partner:Target" = "https://partner.example/*" instead. Unset: the key is the target.
    /// </summary>
    public string? Target { get; set; }

    public int? MaxRetries { get; set; }

    public double? BackoffFactor { get; set; }

    public double? BackoffBase { get; set; }

    public double? BackoffMax { get; set; }

    public double? Jitter { get; set; }

    public bool? OrderedKeys { get; set; }
}
