using StatusStream.Commit;

namespace StatusStream.Tests.Commit;

public sealed class PartitionWatermarkTests
{
    [Fact]
    public void Acknowledge_OutOfOrder_NeverCommitsPastAnUnacknowledgedRecord()
    {
        var watermark = new PartitionWatermark();
        watermark.Track(10, outputs: 1);
        watermark.Track(11, outputs: 3);
        watermark.Track(12, outputs: 1);

        watermark.Acknowledge(12);
        Assert.Equal(-1, watermark.CommittableOffset);
        watermark.Acknowledge(11);
        watermark.Acknowledge(11);
        Assert.Equal(-1, watermark.CommittableOffset);

        Assert.True(watermark.Acknowledge(10));
        Assert.Equal(11, watermark.CommittableOffset);

        Assert.True(watermark.Acknowledge(11));
        Assert.Equal(13, watermark.CommittableOffset);
        Assert.Equal(0, watermark.PendingRecords);
    }

    [Fact]
    public void Acknowledge_WithGapsInOffsets_CommitsAfterLastCompleted()
    {
        // Compacted topics and transaction markers leave gaps: the watermark follows tracked offsets, not +1 steps.
        var watermark = new PartitionWatermark();
        watermark.Track(5, 1);
        watermark.Track(9, 1);
        watermark.Acknowledge(5);
        Assert.Equal(6, watermark.CommittableOffset);
        watermark.Acknowledge(9);
        Assert.Equal(10, watermark.CommittableOffset);
    }

    [Fact]
    public void Acknowledge_MoreThanOutputs_Throws()
    {
        var watermark = new PartitionWatermark();
        watermark.Track(1, 1);
        watermark.Acknowledge(1);
        Assert.Throws<InvalidOperationException>(() => watermark.Acknowledge(1));
    }

    [Fact]
    public void Track_OutOfOrder_Throws()
    {
        var watermark = new PartitionWatermark();
        watermark.Track(5, 1);
        Assert.Throws<InvalidOperationException>(() => watermark.Track(5, 1));
    }

    [Fact]
    public void Acknowledge_RandomOrderFromManyThreads_EndsAtLastOffsetPlusOne()
    {
        var watermark = new PartitionWatermark();
        const int Records = 2000;
        for (var i = 0; i < Records; i++)
        {
            watermark.Track(i, outputs: 2);
        }

        var acknowledgements = Enumerable.Range(0, Records).SelectMany(i => new[] { i, i }).OrderBy(_ => Random.Shared.Next()).ToArray();
        long highestSeen = -1;
        Parallel.ForEach(acknowledgements, offset =>
        {
            watermark.Acknowledge(offset);
            var committable = watermark.CommittableOffset;
            long seen;
            do
            {
                seen = Interlocked.Read(ref highestSeen);
            }
            while (committable > seen && Interlocked.CompareExchange(ref highestSeen, committable, seen) != seen);
        });

        Assert.Equal(Records, watermark.CommittableOffset);
        Assert.Equal(0, watermark.PendingRecords);
    }

    [Fact]
    public void Abandon_HeldRecord_NotWaitedForAndNeverCommittedPast()
    {
        var watermark = new PartitionWatermark();
        watermark.Track(10, 1);
        watermark.Track(11, 1);
        watermark.Track(12, 1);

        watermark.Acknowledge(10);
        watermark.Abandon(11);
        watermark.Acknowledge(12);

        Assert.Equal(11, watermark.CommittableOffset);
        Assert.Equal(0, watermark.PendingRecords);
    }

    [Fact]
    public void Abandon_TwiceOrUnknownOffset_CountsOnce()
    {
        var watermark = new PartitionWatermark();
        watermark.Track(1, 2);
        watermark.Track(2, 1);

        watermark.Abandon(1);
        watermark.Abandon(1);
        watermark.Abandon(99);

        Assert.Equal(1, watermark.PendingRecords);
    }
}
