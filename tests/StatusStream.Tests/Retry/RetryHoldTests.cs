using System.Collections.Concurrent;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;

namespace StatusStream.Tests.Retry;

public sealed class RetryHoldTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(60);
    private static readonly TopicPartition PartitionZero = new("retry", 0);
    private static readonly TopicPartition PartitionOne = new("retry", 1);

    [Fact]
    public void Hold_DueWithinHorizon_DeliveredWhenDueNeverBeforeNeverReparked()
    {
        var hold = new Fixture();
        var held = hold.Hold(Start.AddSeconds(59));

        hold.Clock.Advance(TimeSpan.FromMilliseconds(58_999));
        Assert.Empty(hold.Delivered);

        hold.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([held], hold.Delivered);
        Assert.Empty(hold.Reparked);
        Assert.Equal(0, hold.Queue.Count);
    }

    [Fact]
    public void Hold_DueBeyondHorizon_ReparkedOnceHeldForTheHorizonNotAtOnce()
    {
        var hold = new Fixture();
        var far = hold.Hold(Start.AddHours(1));

        // Not at once: a copy written now would be read back now, and again, in a loop.
        hold.Clock.Advance(Horizon - TimeSpan.FromMilliseconds(1));
        Assert.Empty(hold.Reparked);
        Assert.Equal(1, hold.Queue.Count);

        hold.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([(far, ReparkReason.Horizon)], hold.Reparked);
        Assert.Empty(hold.Delivered);
        Assert.Equal(0, hold.Queue.Count);
    }

    [Fact]
    public void Hold_ReadBackAfterRepark_HeldAnotherHorizonThenDeliveredWhenDue()
    {
        var hold = new Fixture();
        var dueAt = Start.AddSeconds(90);
        hold.Hold(dueAt);
        hold.Clock.Advance(Horizon);
        Assert.Single(hold.Reparked);

        // The copy, read back at once, is due within the horizon now: held until due, not re-parked again.
        var copy = hold.Hold(dueAt);
        hold.Clock.Advance(TimeSpan.FromMilliseconds(29_999));
        Assert.Empty(hold.Delivered);
        hold.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([copy], hold.Delivered);
        Assert.Single(hold.Reparked);
    }

    [Fact]
    public void Hold_ManyDueLaterReadFirst_DueSoonerDeliveredOnTime()
    {
        var hold = new Fixture(maxHeld: 1_000);
        for (var i = 0; i < 800; i++)
        {
            hold.Hold(Start.AddHours(1));
        }

        var sooner = hold.Hold(Start.AddSeconds(1));
        hold.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([sooner], hold.Delivered);
        Assert.Empty(hold.Reparked);
        Assert.Equal(800, hold.Queue.Count);
    }

    [Fact]
    public void Hold_PastMaxHeld_FurthestDueReparkedAtOnceSoonerKept()
    {
        var hold = new Fixture(maxHeld: 3);
        var far = hold.Hold(Start.AddHours(1));
        var middle = hold.Hold(Start.AddSeconds(30));
        var near = hold.Hold(Start.AddSeconds(10));

        var sooner = hold.Hold(Start.AddSeconds(1));
        Assert.Equal([(far, ReparkReason.HeldLimit)], hold.Reparked);
        Assert.Equal(3, hold.Queue.Count);

        // A record due later than all held ones is the one that leaves.
        var latest = hold.Hold(Start.AddHours(2));
        Assert.Equal([(far, ReparkReason.HeldLimit), (latest, ReparkReason.HeldLimit)], hold.Reparked);

        hold.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([sooner, near, middle], hold.Delivered);
    }

    [Fact]
    public void Release_OnePartition_NeitherDeliveredNorReparkedAfterwards()
    {
        var hold = new Fixture();
        var kept = hold.Hold(Start.AddSeconds(2), PartitionZero);
        var keptFar = hold.Hold(Start.AddHours(1), PartitionZero);
        var released = hold.Hold(Start.AddSeconds(1), PartitionOne);
        var releasedFar = hold.Hold(Start.AddHours(1), PartitionOne);

        Assert.Equal([released, releasedFar], hold.Queue.Release([PartitionOne]));
        hold.Clock.Advance(Horizon);

        Assert.Equal([kept], hold.Delivered);
        Assert.Equal([(keptFar, ReparkReason.Horizon)], hold.Reparked);
    }

    /// <summary>A RetryHold on a fake clock, recording what it delivers and re-parks.</summary>
    private sealed class Fixture
    {
        public Fixture(int maxHeld = 20_000)
        {
            Queue = new RetryHold(Clock, Horizon, maxHeld, Delivered.Enqueue, (held, reason) => Reparked.Enqueue((held, reason)));
        }

        public FakeTimeProvider Clock { get; } = new(Start);

        public RetryHold Queue { get; }

        public ConcurrentQueue<HeldRetry> Delivered { get; } = new();

        public ConcurrentQueue<(HeldRetry, ReparkReason)> Reparked { get; } = new();

        public HeldRetry Hold(DateTimeOffset dueAt, TopicPartition? from = null)
        {
            var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "sms");
            var outbound = new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(CallbackType.Kafka, "city.parking-callback"),
                new InputOrigin("events", 0, 0, Start), null, new OffsetLedger().Track(new TopicPartitionOffset("events", 0, 0), 1));
            var held = new HeldRetry(from ?? PartitionZero, outbound, new Message<byte[], byte[]> { Value = [] }, dueAt);
            Queue.Hold(held);
            return held;
        }
    }
}
