using System.Collections.Concurrent;
using Confluent.Kafka;

namespace StatusStream.Commit;

/// <summary>
/// Watermarks of every assigned input partition, what was last committed for each, and the total
/// number of outputs still in flight (the pipeline's back-pressure signal).
/// </summary>
internal sealed class OffsetLedger
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionWatermark> _watermarks = new();
    private readonly ConcurrentDictionary<TopicPartition, long> _committed = new();
    private long _inFlight;

    public long InFlightOutputs => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// Tracks a consumed record and returns a handle whose <see cref="OutputAcknowledgement.Acknowledge"/>
    /// is called once per output. The handle holds its own watermark, so an acknowledgement that
    /// arrives after the partition was revoked touches nothing the new owner relies on.
    /// </summary>
    public OutputAcknowledgement Track(TopicPartitionOffset record, int outputs)
    {
        var watermark = _watermarks.GetOrAdd(record.TopicPartition, static _ => new PartitionWatermark());
        watermark.Track(record.Offset.Value, outputs);
        Interlocked.Add(ref _inFlight, outputs);
        return new OutputAcknowledgement(this, watermark, record.Offset.Value);
    }

    /// <summary>Offsets that moved since the last successful commit, for the given partitions (all when null).</summary>
    public List<TopicPartitionOffset> Committable(IEnumerable<TopicPartition>? partitions = null)
    {
        var result = new List<TopicPartitionOffset>();
        foreach (var partition in partitions ?? _watermarks.Keys)
        {
            if (!_watermarks.TryGetValue(partition, out var watermark))
            {
                continue;
            }

            var offset = watermark.CommittableOffset;
            if (offset >= 0 && (!_committed.TryGetValue(partition, out var last) || offset > last))
            {
                result.Add(new TopicPartitionOffset(partition, offset));
            }
        }

        return result;
    }

    public void MarkCommitted(IEnumerable<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            _committed[offset.TopicPartition] = offset.Offset.Value;
        }
    }

    /// <summary>Forgets partitions that were revoked or lost; their outputs no longer hold anything back.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _watermarks.TryRemove(partition, out _);
            _committed.TryRemove(partition, out _);
        }
    }

    /// <summary>Records of these partitions consumed but not yet fully acknowledged.</summary>
    public int PendingRecords(IEnumerable<TopicPartition> partitions) =>
        partitions.Sum(p => _watermarks.TryGetValue(p, out var w) ? w.PendingRecords : 0);

    internal void OutputDone() => Interlocked.Decrement(ref _inFlight);
}
