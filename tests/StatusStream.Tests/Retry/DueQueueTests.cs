using System.Collections.Concurrent;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;

namespace StatusStream.Tests.Retry;

public sealed class DueQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TopicPartition PartitionZero = new("retry", 0);
    private static readonly TopicPartition PartitionOne = new("retry", 1);

    [Fact]
    public void Schedule_NeverDispatchedBeforeDueTime_DispatchedWhenDue()
    {
        var (clock, queue, sent) = Create();
        var status = Status();

        queue.Schedule(Start.AddSeconds(3), PartitionZero, status);
        clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Empty(sent);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([status], sent);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Schedule_DueLaterFirst_DueSoonerOneIsNotHeldBack()
    {
        var (clock, queue, sent) = Create();
        var later = Status();
        var sooner = Status();

        queue.Schedule(Start.AddSeconds(48), PartitionZero, later);
        queue.Schedule(Start.AddSeconds(3), PartitionZero, sooner);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal([sooner], sent);

        clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal([sooner, later], sent);
    }

    [Fact]
    public void Schedule_AlreadyDue_DispatchedAtOnce()
    {
        var (_, queue, sent) = Create();
        var status = Status();

        queue.Schedule(Start.AddSeconds(-1), PartitionZero, status);

        Assert.Equal([status], sent);
    }

    [Fact]
    public void Schedule_SameDueTime_DispatchedInScheduleOrder()
    {
        var (clock, queue, sent) = Create();
        var statuses = Enumerable.Range(0, 5).Select(_ => Status()).ToList();

        statuses.ForEach(s => queue.Schedule(Start.AddSeconds(1), PartitionZero, s));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(statuses, sent);
    }

    [Fact]
    public void Release_OnePartition_ItsStatusesNeverSentOthersStillAre()
    {
        var (clock, queue, sent) = Create();
        var kept = Status();
        var released = Status();
        queue.Schedule(Start.AddSeconds(2), PartitionZero, kept);
        queue.Schedule(Start.AddSeconds(1), PartitionOne, released);

        Assert.Equal([released], queue.Release([PartitionOne]));
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([kept], sent);
    }

    [Fact]
    public void Release_All_NothingSentAfterwards()
    {
        var (clock, queue, sent) = Create();
        queue.Schedule(Start.AddSeconds(1), PartitionZero, Status());
        queue.Schedule(Start.AddSeconds(1), PartitionOne, Status());

        Assert.Equal(2, queue.Release(null).Count);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(sent);
    }

    private static (FakeTimeProvider Clock, DueQueue Queue, ConcurrentQueue<OutboundStatus> Sent) Create()
    {
        var clock = new FakeTimeProvider(Start);
        var sent = new ConcurrentQueue<OutboundStatus>();
        return (clock, new DueQueue(clock, sent.Enqueue), sent);
    }

    private static OutboundStatus Status()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "sms");
        return new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(CallbackType.Kafka, "city.parking-callback"),
            new InputOrigin("events", 0, 0, Start), null, new OffsetLedger().Track(new TopicPartitionOffset("events", 0, 0), 1));
    }
}
