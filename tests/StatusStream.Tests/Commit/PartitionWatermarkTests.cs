using StatusStream.Commit;

namespace StatusStream.Tests.Commit;

public sealed class PartitionWatermarkTests
{
    [Fact]
    public void Acknowledge_OutOfOrder_NeverCommitsPastAnUnacknowledgedRecord()
    {
        var watermark = new PartitionWatermark();
        var r10 = watermark.Track(10, outputs: 1);
        var r11 = watermark.Track(11, outputs: 3);
        var r12 = watermark.Track(12, outputs: 1);

        watermark.Acknowledge(r12);
        Assert.Equal(-1, watermark.CommittableOffset);
        watermark.Acknowledge(r11);
        watermark.Acknowledge(r11);
        Assert.Equal(-1, watermark.CommittableOffset);

        Assert.True(watermark.Acknowledge(r10));
        Assert.Equal(11, watermark.CommittableOffset);

        Assert.True(watermark.Acknowledge(r11));
        Assert.Equal(13, watermark.CommittableOffset);
        Assert.Equal(0, watermark.PendingRecords);
    }

    [Fact]
    public void Acknowledge_WithGapsInOffsets_CommitsAfterLastCompleted()
    {
        // Compacted topics and transaction markers leave gaps: the watermark follows tracked offsets, not +1 steps.
        var watermark = new PartitionWatermark();
        var r5 = watermark.Track(5, 1);
        var r9 = watermark.Track(9, 1);
        watermark.Acknowledge(r5);
        Assert.Equal(6, watermark.CommittableOffset);
        watermark.Acknowledge(r9);
        Assert.Equal(10, watermark.CommittableOffset);
    }

    [Fact]
    public void Acknowledge_MoreThanOutputs_Throws()
    {
        var watermark = new PartitionWatermark();
        var r1 = watermark.Track(1, 1);
        watermark.Acknowledge(r1);
        Assert.Throws<InvalidOperationException>(() => watermark.Acknowledge(r1));
        Assert.Equal(0, r1.Remaining);
    }

    [Fact]
    public void Acknowledge_OneTooManyRacingTheLast_OneThrows_AndTheWatermarkStillMoves()
    {
        // An acknowledgement too many must never hide the real last one: the record is passed every time.
        for (var round = 0; round < 3000; round++)
        {
            var watermark = new PartitionWatermark();
            var record = watermark.Track(round, 1);
            using var start = new Barrier(2);
            var threw = 0;
            void Acknowledge()
            {
                start.SignalAndWait();
                try
                {
                    watermark.Acknowledge(record);
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Increment(ref threw);
                }
            }

            var other = new Thread(Acknowledge);
            other.Start();
            Acknowledge();
            other.Join();

            Assert.Equal(1, threw);
            Assert.Equal(round + 1, watermark.CommittableOffset);
            Assert.Equal(0, record.Remaining);
        }
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
        var records = Enumerable.Range(0, Records).Select(i => watermark.Track(i, outputs: 2)).ToArray();

        var acknowledgements = records.SelectMany(r => new[] { r, r }).OrderBy(_ => Random.Shared.Next()).ToArray();
        long highestSeen = -1;
        Parallel.ForEach(acknowledgements, record =>
        {
            watermark.Acknowledge(record);
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
        var r10 = watermark.Track(10, 1);
        var r11 = watermark.Track(11, 1);
        var r12 = watermark.Track(12, 1);

        watermark.Acknowledge(r10);
        watermark.Abandon(r11);
        watermark.Acknowledge(r12);

        Assert.Equal(11, watermark.CommittableOffset);
        Assert.Equal(0, watermark.PendingRecords);

        // Even if every output of the given-up record is acknowledged later, the watermark stays before it.
        watermark.Acknowledge(r11);
        Assert.Equal(11, watermark.CommittableOffset);
    }

    [Fact]
    public void Abandon_RecordAlreadyPassed_ChangesNothing()
    {
        var watermark = new PartitionWatermark();
        var r1 = watermark.Track(1, 1);
        var r2 = watermark.Track(2, 2);
        watermark.Acknowledge(r1);

        watermark.Abandon(r1);

        Assert.Equal(2, watermark.CommittableOffset);
        Assert.Equal(1, watermark.PendingRecords);
        watermark.Acknowledge(r2);
        watermark.Acknowledge(r2);
        Assert.Equal(3, watermark.CommittableOffset);
        Assert.Equal(0, watermark.PendingRecords);
    }

    [Fact]
    public void Abandon_Twice_CountsOnce()
    {
        var watermark = new PartitionWatermark();
        var r1 = watermark.Track(1, 2);
        watermark.Track(2, 1);

        watermark.Abandon(r1);
        watermark.Abandon(r1);

        Assert.Equal(1, watermark.PendingRecords);
    }
}
