using StatusStream.Retry;

namespace StatusStream.Tests.Retry;

public sealed class BackoffScheduleTests
{
    private static readonly RetryPolicy Defaults = new RetryOptions().PolicyFor("city.parking-callback");

    [Fact]
    public void DueAt_DefaultPolicyWithFakeClock_RetriesFallAt3_9_21_45_93SecondsAfterFirstFailure()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var firstFailure = clock.GetUtcNow();
        var schedule = new BackoffSchedule(Defaults);
        var retriesAt = new List<double>();

        for (var retriesDone = 0; schedule.CanRetry(retriesDone); retriesDone++)
        {
            // Each retry fails the moment it is made; the clock moves to the next due time.
            var dueAt = schedule.DueAt(clock.GetUtcNow(), retriesDone);
            clock.Advance(dueAt - clock.GetUtcNow());
            retriesAt.Add((clock.GetUtcNow() - firstFailure).TotalSeconds);
        }

        Assert.Equal([3, 9, 21, 45, 93], retriesAt);
    }

    [Fact]
    public void CanRetry_AfterMaxRetries_False()
    {
        var schedule = new BackoffSchedule(Defaults);
        Assert.True(schedule.CanRetry(4));
        Assert.False(schedule.CanRetry(5));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void DelayBeforeRetry_ManyRetries_CapHoldsWithoutOverflow(int retriesDone) =>
        Assert.Equal(TimeSpan.FromSeconds(48), new BackoffSchedule(Defaults).DelayBeforeRetry(retriesDone));

    [Fact]
    public void DelayBeforeRetry_OpenNotificatiesPolicy_25_100_400_1600_6400_25600_52000()
    {
        var policy = new RetryPolicy(MaxRetries: 7, BackoffFactor: 25, BackoffBase: 4, BackoffMax: 52_000, Jitter: 0, OrderedKeys: false);
        var schedule = new BackoffSchedule(policy);

        Assert.Equal([25, 100, 400, 1600, 6400, 25600, 52000], Enumerable.Range(0, 7).Select(c => schedule.DelayBeforeRetry(c).TotalSeconds));
        Assert.False(schedule.CanRetry(7));
    }

    [Theory]
    [InlineData(0.0, 2.4)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.999999, 3.6)]
    public void DelayBeforeRetry_JitterAtTheEdges_StaysInsideItsBounds(double uniform, double expectedSeconds)
    {
        var schedule = new BackoffSchedule(Defaults with { Jitter = 0.2 }, () => uniform);
        Assert.Equal(expectedSeconds, schedule.DelayBeforeRetry(0).TotalSeconds, precision: 3);
    }

    [Fact]
    public void DelayBeforeRetry_JitterWithRandomSamples_AllWithinPlusMinus20Percent()
    {
        var random = new Random(42);
        var schedule = new BackoffSchedule(Defaults with { Jitter = 0.2 }, random.NextDouble);
        for (var retriesDone = 0; retriesDone < 5; retriesDone++)
        {
            var nominal = Math.Min(48, 3 * Math.Pow(2, retriesDone));
            var samples = Enumerable.Range(0, 2000).Select(_ => schedule.DelayBeforeRetry(retriesDone).TotalSeconds).ToList();
            Assert.All(samples, s => Assert.InRange(s, nominal * 0.8, nominal * 1.2));
            Assert.True(samples.Max() - samples.Min() > nominal * 0.3, "jitter actually spreads the waits");
        }
    }

    [Theory]
    [InlineData(0.0, 38.4)]
    [InlineData(0.999999, 57.6)]
    public void DelayBeforeRetry_JitterOnACappedWait_SpreadsAroundTheCap(double uniform, double expectedSeconds)
    {
        var schedule = new BackoffSchedule(Defaults with { Jitter = 0.2 }, () => uniform);
        Assert.Equal(expectedSeconds, schedule.DelayBeforeRetry(1000).TotalSeconds, precision: 3);
    }

    [Fact]
    public void DelayBeforeRetry_MaxJitterAndLowestSample_NeverBelowHalf()
    {
        var schedule = new BackoffSchedule(Defaults with { Jitter = 0.5 }, () => 0);
        Assert.Equal(TimeSpan.FromSeconds(1.5), schedule.DelayBeforeRetry(0));
    }

    [Fact]
    public void DelayBeforeRetry_NegativeRetriesDone_TreatedAsNone() =>
        Assert.Equal(TimeSpan.FromSeconds(3), new BackoffSchedule(Defaults).DelayBeforeRetry(-1));

    [Fact]
    public void DelayBeforeRetry_HugeBaseAndFactor_CapsWithoutOverflow()
    {
        var policy = new RetryPolicy(MaxRetries: 100, BackoffFactor: 86_400, BackoffBase: 100, BackoffMax: 604_800, Jitter: 0.5, OrderedKeys: false);
        var schedule = new BackoffSchedule(policy, () => 0.999999);

        Assert.All(Enumerable.Range(0, 101), c => Assert.InRange(schedule.DelayBeforeRetry(c).TotalSeconds, 86_400 * 0.5, 604_800 * 1.5));
    }

    [Fact]
    public void CanRetry_NoRetriesAllowed_FalseAtOnce() =>
        Assert.False(new BackoffSchedule(Defaults with { MaxRetries = 0 }).CanRetry(0));

    [Fact]
    public void DueAt_OpenNotificatiesPolicyWithFakeClock_EachRetryDueItsDelayAfterTheFailureBefore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var firstFailure = clock.GetUtcNow();
        var schedule = new BackoffSchedule(new RetryPolicy(7, 25, 4, 52_000, 0, false));
        var retriesAt = new List<double>();

        for (var retriesDone = 0; schedule.CanRetry(retriesDone); retriesDone++)
        {
            clock.SetUtcNow(schedule.DueAt(clock.GetUtcNow(), retriesDone));
            retriesAt.Add((clock.GetUtcNow() - firstFailure).TotalSeconds);
        }

        Assert.Equal([25, 125, 525, 2125, 8525, 34125, 86125], retriesAt);
    }
}
