using StatusStream.OperationalEvents;

namespace StatusStream.Tests.OperationalEvents;

public sealed class DisabledEndpointsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 2, 30, 0, TimeSpan.Zero);

    private static OperationalEvent Event(string type, string group = "g", string endpoint = "osp") =>
        new(Guid.NewGuid(), type, At, group, endpoint, null, null, "operator");

    [Fact]
    public void Apply_DisabledThenEnabled_FoundOnlyBetween()
    {
        var disabled = new DisabledEndpoints("g");
        var off = Event(OperationalEventTypes.EndpointDisabled);

        disabled.Apply(off);
        Assert.Equal(off, disabled.Find("endpoint:osp"));
        disabled.Apply(Event(OperationalEventTypes.BreakerClosed));
        Assert.Equal(off, disabled.Find("endpoint:osp"));
        disabled.Apply(Event(OperationalEventTypes.EndpointEnabled));
        Assert.Null(disabled.Find("endpoint:osp"));
    }

    [Fact]
    public void Apply_AnotherGroupsEvent_ChangesNothing()
    {
        var disabled = new DisabledEndpoints("g");

        disabled.Apply(Event(OperationalEventTypes.EndpointDisabled, group: "other"));

        Assert.Null(disabled.Find("endpoint:osp"));
        Assert.Equal(0, disabled.Count);
    }
}
