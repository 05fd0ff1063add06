namespace StatusStream.Tests.Support;

public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Timer_FiresAtItsDueTimeNotBefore()
    {
        var clock = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(2.999));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Start.AddSeconds(3)], fired);
        Assert.Equal(Start.AddSeconds(12.999), clock.GetUtcNow());
    }

    [Fact]
    public void Timer_ChangeReschedulesDisposeStopsPeriodRepeats()
    {
        var clock = new FakeTimeProvider(Start);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, count);
        timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(3, count);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, count);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, count);
    }

    [Fact]
    public void GetTimestamp_AdvancesWithTheClock()
    {
        var clock = new FakeTimeProvider(Start);
        var before = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(before));
    }
}
