using System.ComponentModel.DataAnnotations;

namespace StatusStream.Pipeline;

/// <summary>Limits of the processing loop. Configuration section "Pipeline".</summary>
internal sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>
    /// Statuses produced but not yet acknowledged. At this many the consumer pauses its partitions
    /// (bounded memory) and resumes at half.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxInFlightStatuses { get; set; } = 20_000;

    /// <summary>How often acknowledged offsets are committed.</summary>
    [Range(0d, 60d, MinimumIsExclusive = true)]
    public double CommitIntervalSeconds { get; set; } = 1;

    /// <summary>On stop: how long to wait for outstanding deliveries before committing what is acknowledged and closing.</summary>
    [Range(1d, 300d)]
    public double ShutdownTimeoutSeconds { get; set; } = 20;
}
