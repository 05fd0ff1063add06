using System.Text;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

/// <summary>A callback read before is handed out again, never one of another type or one that was refused.</summary>
public sealed class CallbackReaderTests
{
    [Fact]
    public void SameCallbackTwice_OneInstance()
    {
        var first = Callback("""{"type":"webhook","target":"https://hooks.example.com/statuses?team=7"}""");

        var second = Callback("""{"type":"webhook","target":"https://hooks.example.com/statuses?team=7"}""");

        Assert.Same(first, second);
        Assert.Equal(new StatusCallback(CallbackType.Webhook, "https://hooks.example.com/statuses?team=7"), first);
    }

    [Fact]
    public void TargetKnownAsKafkaTopic_AsWebhook_CheckedAgainAndRefused()
    {
        Assert.Equal(CallbackType.Kafka, Callback("""{"type":"kafka","target":"parking.meters-callback"}""").Type);

        Assert.False(NotificationEventReader.TryRead(Event("""{"type":"webhook","target":"parking.meters-callback"}"""), out _, out var invalid));
        Assert.Equal(InvalidInputReason.BadCallbackTarget, invalid.Reason);
    }

    [Fact]
    public void RefusedTarget_RefusedEveryTime()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.False(NotificationEventReader.TryRead(Event("""{"type":"kafka","target":"Parking.Meters-callback"}"""), out _, out var invalid));
            Assert.Equal(InvalidInputReason.BadCallbackTarget, invalid.Reason);
        }
    }

    [Fact]
    public void MoreDistinctCallbacksThanItKeeps_StartsOver()
    {
        var first = Callback("""{"type":"kafka","target":"bound.first-callback"}""");
        for (var i = 0; i < RepeatedText.Capacity; i++)
        {
            Callback($$"""{"type":"kafka","target":"bound.s{{i}}-callback"}""");
        }

        var again = Callback("""{"type":"kafka","target":"bound.first-callback"}""");

        Assert.Equal(first, again);
        Assert.NotSame(first, again);
    }

    private static StatusCallback Callback(string callback)
    {
        Assert.True(NotificationEventReader.TryRead(Event(callback), out var notification, out var invalid), invalid?.Detail);
        return notification.Callback;
    }

    private static byte[] Event(string callback) => Encoding.UTF8.GetBytes(
        $$"""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","provider":"email","recipients":[{"recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":""}],"callback":{{callback}}}""");
}
