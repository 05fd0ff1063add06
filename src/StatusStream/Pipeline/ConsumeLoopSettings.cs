using Confluent.Kafka;
using StatusStream.Commit;

namespace StatusStream.Pipeline;

/// <summary>What makes one consume loop different from another.</summary>
/// <param name="Name">For logs: "input" or "retry".</param>
/// <param name="Handle">Processes one record; tracks its outputs in the given ledger before sending them.</param>
/// <param name="Release">
/// Gives up records held in memory for these partitions (all when null) because they are being
/// revoked or the loop stops: their outputs will never be acknowledged here, and the next owner
/// reads them again from the committed offset.
/// </param>
internal sealed record ConsumeLoopSettings(
    string Name,
    IReadOnlyList<string> Topics,
    string GroupId,
    Action<ConsumeResult<byte[], byte[]>, OffsetLedger> Handle,
    Action<IReadOnlyCollection<TopicPartition>?> Release);
