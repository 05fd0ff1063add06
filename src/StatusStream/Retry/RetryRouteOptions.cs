namespace StatusStream.Retry;

/// <summary>Overrides for one route (Retry:Routes:&lt;target&gt;); what is left unset comes from the Retry defaults.</summary>
internal sealed class RetryRouteOptions
{
    public int? MaxRetries { get; set; }

    public double? BackoffFactor { get; set; }

    public double? BackoffBase { get; set; }

    public double? BackoffMax { get; set; }

    public double? Jitter { get; set; }

    public bool? OrderedKeys { get; set; }
}
