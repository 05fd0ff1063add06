using System.Text;
using Microsoft.Extensions.Options;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Expansion;

public sealed class FanOutAdmissionTests
{
    private const string EventId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    [Fact]
    public void TryAdmit_OrdinaryEvent_AdmitsIt()
    {
        var admission = Admission(new IntakeOptions());

        Assert.True(admission.TryAdmit(Event(recipients: 3, errorLength: 12), 0, out var notification, out var invalid), invalid?.Detail);
        Assert.Equal(3, notification.Recipients.Count);
    }

    [Fact]
    public void TryAdmit_StatusesOverTheOutputBytesLimit_LimitExceededNamingTheExactSize()
    {
        // Every field within its own limit, yet 1,000 statuses with 1,000-character errors add up to over 1 MiB.
        var json = Event(recipients: 1000, errorLength: 1000);
        Assert.True(NotificationEventReader.TryRead(json, out var read, out _));
        var size = RecordBytes(read, trace: default);
        Assert.True(size > IntakeOptions.DefaultMaxOutputBytesPerEvent);

        Assert.False(Admission(new IntakeOptions()).TryAdmit(json, 0, out var notification, out var invalid));

        Assert.Null(notification);
        Assert.Equal("limit-exceeded", invalid.Code);
        Assert.Equal($"statuses of 1000 recipients: {size} bytes of records (JSON, keys and headers), more than Intake:MaxOutputBytesPerEvent = 1048576",
            invalid.Detail);
    }

    [Fact]
    public void TryAdmit_OutputExactlyAtTheLimit_AdmittedAndOneByteLessRefused()
    {
        var json = Event(recipients: 10, errorLength: 50);
        Assert.True(NotificationEventReader.TryRead(json, out var read, out _));
        var size = (int)RecordBytes(read, trace: default);

        Assert.True(Admission(new IntakeOptions { MaxOutputBytesPerEvent = size }).TryAdmit(json, 0, out _, out var invalid), invalid?.Detail);
        Assert.False(Admission(new IntakeOptions { MaxOutputBytesPerEvent = size - 1 }).TryAdmit(json, 0, out _, out invalid));
        Assert.Equal("limit-exceeded", invalid.Code);
    }

    [Fact]
    public void TryAdmit_KeysAndHeadersCounted_ValuesWithinTheLimitButRecordsOver_Refused()
    {
        // The attack: 8 recipients and a large header copied onto every one of their records. The JSON alone is small.
        var json = Event(recipients: 8, errorLength: 0);
        Assert.True(NotificationEventReader.TryRead(json, out var read, out _));
        var trace = new InputTraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, "k=" + new string('v', 8000));
        var values = StatusExpander.Expand(read).Sum(s => NotificationStatusJson.Serialize(s).Length);
        var records = (int)RecordBytes(read, trace);
        Assert.True(records > values + (8 * 8000));

        Assert.True(Admission(new IntakeOptions { MaxOutputBytesPerEvent = records }).TryAdmit(json, trace.HeaderBytes, out _, out var invalid), invalid?.Detail);
        Assert.False(Admission(new IntakeOptions { MaxOutputBytesPerEvent = records - 1 }).TryAdmit(json, trace.HeaderBytes, out _, out invalid));
        Assert.Equal("limit-exceeded", invalid.Code);
    }

    [Fact]
    public void TryAdmit_ConfiguredFieldLimits_ApplyBeforeTheOutputSize()
    {
        var admission = Admission(new IntakeOptions { MaxRecipientsPerEvent = 2 });

        Assert.False(admission.TryAdmit(Event(recipients: 3, errorLength: 0), 0, out _, out var invalid));

        Assert.Equal("recipients: 3 recipients, more than Intake:MaxRecipientsPerEvent = 2", invalid.Detail);
    }

    private static FanOutAdmission Admission(IntakeOptions limits) => new(Options.Create(limits), StatusRecord.KeyAndFixedHeaderBytes);

    /// <summary>What the event's callback records really weigh, as the client writes them: key, value, header names and values.</summary>
    private static long RecordBytes(NotificationEvent notification, InputTraceContext trace)
    {
        var acknowledgement = new OffsetLedger().Track("notification.events", 0, 0, notification.Recipients.Count);
        return StatusExpander.Expand(notification).Sum(status =>
        {
            var outbound = new OutboundStatus(status, payload: null, new StatusCallback(CallbackType.Kafka, "a.b-callback"),
                new InputOrigin("notification.events", 0, 0, DateTimeOffset.UnixEpoch), trace.TraceParent, acknowledgement)
            {
                TraceState = trace.TraceState,
                Baggage = trace.Baggage,
            };
            var message = StatusRecord.Build(outbound);
            return (long)message.Key.Length + message.Value.Length + message.Headers.Sum(h => (long)h.Key.Length + h.GetValueBytes().Length);
        });
    }

    private static byte[] Event(int recipients, int errorLength)
    {
        var items = Enumerable.Range(0, recipients).Select(i =>
            $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":false,"error":"{{new string('e', errorLength)}}"}""");
        return Encoding.UTF8.GetBytes(
            $$$"""{"event_id":"{{{EventId}}}","provider":"email","recipients":[{{{string.Join(',', items)}}}],"callback":{"type":"kafka","target":"a.b-callback"}}""");
    }
}
