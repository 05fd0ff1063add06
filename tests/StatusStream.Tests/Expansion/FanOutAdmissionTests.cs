using System.Text;
using Microsoft.Extensions.Options;
using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Tests.Expansion;

public sealed class FanOutAdmissionTests
{
    private const string EventId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    [Fact]
    public void TryAdmit_OrdinaryEvent_AdmitsIt()
    {
        var admission = Admission(new IntakeOptions());

        Assert.True(admission.TryAdmit(Event(recipients: 3, errorLength: 12), out var notification, out var invalid), invalid?.Detail);
        Assert.Equal(3, notification.Recipients.Count);
    }

    [Fact]
    public void TryAdmit_StatusesOverTheOutputBytesLimit_LimitExceededNamingTheExactSize()
    {
        // Every field within its own limit, yet 1,000 statuses with 1,000-character errors add up to over 1 MiB.
        var json = Event(recipients: 1000, errorLength: 1000);
        Assert.True(NotificationEventReader.TryRead(json, out var read, out _));
        var size = StatusExpander.Expand(read).Sum(s => (long)NotificationStatusJson.Serialize(s).Length);
        Assert.True(size > IntakeOptions.DefaultMaxOutputBytesPerEvent);

        Assert.False(Admission(new IntakeOptions()).TryAdmit(json, out var notification, out var invalid));

        Assert.Null(notification);
        Assert.Equal("limit-exceeded", invalid.Code);
        Assert.Equal($"statuses of 1000 recipients: {size} bytes of JSON, more than Intake:MaxOutputBytesPerEvent = 1048576", invalid.Detail);
    }

    [Fact]
    public void TryAdmit_OutputExactlyAtTheLimit_AdmittedAndOneByteLessRefused()
    {
        var json = Event(recipients: 10, errorLength: 50);
        Assert.True(NotificationEventReader.TryRead(json, out var read, out _));
        var size = StatusExpander.Expand(read).Sum(s => NotificationStatusJson.Serialize(s).Length);

        Assert.True(Admission(new IntakeOptions { MaxOutputBytesPerEvent = size }).TryAdmit(json, out _, out var invalid), invalid?.Detail);
        Assert.False(Admission(new IntakeOptions { MaxOutputBytesPerEvent = size - 1 }).TryAdmit(json, out _, out invalid));
        Assert.Equal("limit-exceeded", invalid.Code);
    }

    [Fact]
    public void TryAdmit_ConfiguredFieldLimits_ApplyBeforeTheOutputSize()
    {
        var admission = Admission(new IntakeOptions { MaxRecipientsPerEvent = 2 });

        Assert.False(admission.TryAdmit(Event(recipients: 3, errorLength: 0), out _, out var invalid));

        Assert.Equal("recipients: 3 recipients, more than Intake:MaxRecipientsPerEvent = 2", invalid.Detail);
    }

    private static FanOutAdmission Admission(IntakeOptions limits) => new(Options.Create(limits));

    private static byte[] Event(int recipients, int errorLength)
    {
        var items = Enumerable.Range(0, recipients).Select(i =>
            $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":false,"error":"{{new string('e', errorLength)}}"}""");
        return Encoding.UTF8.GetBytes(
            $$$"""{"event_id":"{{{EventId}}}","provider":"email","recipients":[{{{string.Join(',', items)}}}],"callback":{"type":"kafka","target":"a.b-callback"}}""");
    }
}
