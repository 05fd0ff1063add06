using System.ComponentModel.DataAnnotations;

namespace StatusStream.Health;

/// <summary>What /readyz requires. Configuration section "Health".</summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// Ready only while this instance owns at least one input partition. Turn off where more replicas
    /// than input partitions run on purpose (warm standbys) and a rollout must not wait for them.
    /// </summary>
    public bool RequireAssignment { get; set; } = true;

    /// <summary>How long the readiness probe waits for a broker's metadata answer.</summary>
    [Range(0d, 60d, MinimumIsExclusive = true)]
    public double BrokerTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// How long any one check may take before it counts as Unhealthy: the broker's wait plus a second for the rest.
    /// Derived, not a setting of its own, so it can never be shorter than the broker probe it bounds.
    /// </summary>
    public TimeSpan CheckTimeout => TimeSpan.FromSeconds(BrokerTimeoutSeconds + 1);
}
