using Confluent.Kafka;
using StatusStream.Commit;

namespace StatusStream.Tests.Commit;

public sealed class OffsetLedgerTests
{
    private static readonly TopicPartition P0 = new("events", 0);
    private static readonly TopicPartition P1 = new("events", 1);

    [Fact]
    public void Committable_OnlyPartitionsThatMovedSinceLastCommit()
    {
        var ledger = new OffsetLedger();
        var a = ledger.Track(new TopicPartitionOffset(P0, 0), 1);
        var b = ledger.Track(new TopicPartitionOffset(P1, 0), 2);
        Assert.Equal(3, ledger.InFlightOutputs);

        a.Acknowledge();
        b.Acknowledge();
        var first = ledger.Committable();
        Assert.Equal([new TopicPartitionOffset(P0, 1)], first);

        ledger.MarkCommitted(first);
        Assert.Empty(ledger.Committable());
        b.Acknowledge();
        Assert.Equal([new TopicPartitionOffset(P1, 1)], ledger.Committable());
        Assert.Equal(0, ledger.InFlightOutputs);
    }

    [Fact]
    public void Forget_RevokedPartition_LateAcknowledgementDoesNotReachNewWatermark()
    {
        var ledger = new OffsetLedger();
        var old = ledger.Track(new TopicPartitionOffset(P0, 7), 1);
        ledger.Forget([P0]);
        var fresh = ledger.Track(new TopicPartitionOffset(P0, 3), 1);

        old.Acknowledge();
        Assert.Empty(ledger.Committable([P0]));
        fresh.Acknowledge();
        Assert.Equal([new TopicPartitionOffset(P0, 4)], ledger.Committable([P0]));
    }

    [Fact]
    public void Track_AlternatingTopicsWithOnePartitionNumber_EachTopicItsOwnWatermark()
    {
        // The ledger remembers the partition it tracked last: a topic that differs only by name must not share it.
        var ledger = new OffsetLedger();
        var a = ledger.Track("city.events", 0, 10, 1);
        var b = ledger.Track("city.events.v2", 0, 3, 1);
        var a2 = ledger.Track("city.events", 0, 11, 1);
        var c = ledger.Track("city.events", 1, 4, 1);

        b.Acknowledge();
        a.Acknowledge();
        c.Acknowledge();
        Assert.Equal(
            [new TopicPartitionOffset("city.events", 0, 11), new TopicPartitionOffset("city.events", 1, 5), new TopicPartitionOffset("city.events.v2", 0, 4)],
            ledger.Committable().OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition.Value));
        a2.Acknowledge();
        Assert.Equal([new TopicPartitionOffset("city.events", 0, 12)], ledger.Committable([new TopicPartition("city.events", 0)]));
    }

    [Fact]
    public void TrackHeld_NotInFlightUntilHandedOn_ThenCountedOnceAndReleasedOnce()
    {
        var ledger = new OffsetLedger();
        var held = ledger.TrackHeld(Record(P0, 0));
        var abandoned = ledger.TrackHeld(Record(P0, 1));
        Assert.Equal(0, ledger.InFlightOutputs);
        Assert.Empty(ledger.Committable());

        held.MarkInFlight();
        held.MarkInFlight();
        Assert.Equal(1, ledger.InFlightOutputs);
        abandoned.Abandon();
        Assert.Equal(1, ledger.InFlightOutputs);

        held.Acknowledge();
        Assert.Equal(0, ledger.InFlightOutputs);
        Assert.Equal([new TopicPartitionOffset(P0, 1)], ledger.Committable());
    }

    private static ConsumeResult<byte[], byte[]> Record(TopicPartition partition, long offset) =>
        new() { TopicPartitionOffset = new TopicPartitionOffset(partition, offset), Message = new Message<byte[], byte[]> { Value = [] } };
}
