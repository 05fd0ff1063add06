using Microsoft.Extensions.Time.Testing;
using StatusStream.Delivery.Webhooks;

namespace StatusStream.Tests.Delivery.Webhooks;

public sealed class AttemptCancellationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Start_TimeoutPasses_TokenCancelled_NextAttemptStartsUncancelled()
    {
        var clock = new FakeTimeProvider();
        using var attempt = new AttemptCancellation(clock, CancellationToken.None);

        var first = attempt.Start(Timeout);
        clock.Advance(Timeout);
        Assert.True(first.IsCancellationRequested);
        attempt.Finish();

        var second = attempt.Start(Timeout);
        Assert.False(second.IsCancellationRequested);
        clock.Advance(Timeout);
        Assert.True(second.IsCancellationRequested);
    }

    [Fact]
    public void Finish_BeforeTheTimeout_TimerStopsAndTheNextAttemptGetsItsFullTimeout()
    {
        var clock = new FakeTimeProvider();
        using var attempt = new AttemptCancellation(clock, CancellationToken.None);

        attempt.Start(Timeout);
        clock.Advance(TimeSpan.FromSeconds(4));
        attempt.Finish();
        clock.Advance(TimeSpan.FromSeconds(30));

        // The first attempt's timer would have fired at 5 s: the next attempt's source must not carry it over.
        var next = attempt.Start(Timeout);
        Assert.False(next.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(next.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(next.IsCancellationRequested);
    }

    [Fact]
    public void Finish_OnTheSystemClockBeforeTheTimeout_TheSameSourceServesTheNextAttemptAndStopStillCancelsIt()
    {
        // On the system clock the source's timer can be reset, so it is reused (a fake clock's timer cannot: renewed).
        using var stopping = new CancellationTokenSource();
        using var attempt = new AttemptCancellation(TimeProvider.System, stopping.Token);

        var first = attempt.Start(TimeSpan.FromMinutes(10));
        attempt.Finish();
        var second = attempt.Start(TimeSpan.FromMinutes(10));

        Assert.Equal(first, second);
        Assert.False(second.IsCancellationRequested);
        stopping.Cancel();
        Assert.True(second.IsCancellationRequested);
    }

    [Fact]
    public void Stopping_CancelsTheAttemptInFlight()
    {
        using var stopping = new CancellationTokenSource();
        using var attempt = new AttemptCancellation(new FakeTimeProvider(), stopping.Token);

        var token = attempt.Start(Timeout);
        stopping.Cancel();

        Assert.True(token.IsCancellationRequested);
    }
}
