namespace StatusStream.Pipeline;

/// <summary>Limits of the processing loop. Configuration section "Pipeline".</summary>
internal sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>
    /// Statuses produced but not yet acknowledged. At this many the consumer pauses its partitions
    /// (bounded memory) and resumes at half.
    /// </summary>
    public int MaxInFlightStatuses { get; set; } = 20_000;

    /// <summary>How often acknowledged offsets are committed.</summary>
    public double CommitIntervalSeconds { get; set; } = 1;

    /// <summary>On stop: how long to wait for outstanding deliveries before committing what is acknowledged and closing.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 20;
}
