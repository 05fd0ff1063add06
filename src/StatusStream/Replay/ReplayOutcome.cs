using StatusStream.DeadLetters;
namespace StatusStream.Replay;

/// <summary>What happened to one dead letter in a replay: where it went, or why it did not (null when it did).</summary>
internal sealed record ReplayOutcome(DeadLetter DeadLetter, string Topic, string? Error)
{
    /// <summary>Where the broker put the re-sent record; what its replay marker names (DeadLetterHeaders.ReplayedTo).</summary>
    public Confluent.Kafka.TopicPartitionOffset? Landed { get; init; }
}
