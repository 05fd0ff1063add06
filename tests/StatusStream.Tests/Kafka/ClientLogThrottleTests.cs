using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

public sealed class ClientLogThrottleTests
{
    [Fact]
    public void ShouldLog_RepeatsWithinWindow_HeldBackAndCountedOnTheNextLine()
    {
        var time = new FakeTimeProvider();
        var throttle = new ClientLogThrottle(time, TimeSpan.FromSeconds(30));

        Assert.True(throttle.ShouldLog("error:Local_Transport", out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(throttle.ShouldLog("error:Local_Transport", out _));
        }

        Assert.True(throttle.ShouldLog("error:Local_AllBrokersDown", out _));
        time.Advance(TimeSpan.FromSeconds(25));
        Assert.True(throttle.ShouldLog("error:Local_Transport", out var heldBack));
        Assert.Equal(5, heldBack);
        Assert.Equal("refused (and 5 more like it in the last 30 s)", throttle.Annotate("refused", heldBack));
        Assert.Equal("refused", throttle.Annotate("refused", 0));
    }
}
