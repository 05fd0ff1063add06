using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Outbound;

/// <summary>The thread's reusable callback record: the same bytes as a freshly built one, for every status in turn.</summary>
public sealed class ReusableStatusRecordTests
{
    private readonly OffsetLedger _ledger = new();
    private long _offset;

    [Fact]
    public void Fill_StatusAfterStatus_EachTimeTheBytesOfABuiltRecord()
    {
        var record = ReusableStatusRecord.Rent();
        try
        {
            foreach (var outbound in new[] { Outbound(), Outbound(success: false), Outbound() })
            {
                var filled = Snapshot(record.Fill(outbound));

                var built = Snapshot(StatusRecord.Build(outbound));
                Assert.Equal(built.Key, filled.Key);
                Assert.Equal(built.Value, filled.Value);
                Assert.Equal(built.Headers, filled.Headers);
                Assert.Equal($"{outbound.Status!.EventId:D}:{outbound.Status.Recipient:D}", filled.Headers[1].Value);
            }
        }
        finally
        {
            record.Return();
        }
    }

    [Fact]
    public void Fill_StatusesOfOneEventThenOthers_EachRecordKeyedByItsOwnEvent()
    {
        // The key is formatted once per event; an event whose id is all zeros (the key array's first content) included.
        var first = Guid.NewGuid();
        var record = ReusableStatusRecord.Rent();
        try
        {
            foreach (var eventId in new[] { Guid.Empty, Guid.Empty, first, first, first, Guid.NewGuid(), first })
            {
                var outbound = Outbound(eventId: eventId);
                var filled = Snapshot(record.Fill(outbound));

                var built = Snapshot(StatusRecord.Build(outbound));
                Assert.Equal(System.Text.Encoding.ASCII.GetBytes(eventId.ToString("D")), filled.Key);
                Assert.Equal(built.Key, filled.Key);
                Assert.Equal(built.Value, filled.Value);
                Assert.Equal(built.Headers, filled.Headers);
            }
        }
        finally
        {
            record.Return();
        }
    }

    [Fact]
    public void Fill_FreshStatuses_WritesTheJsonIntoOneArrayPerLength_AndTheStatusKeepsNone()
    {
        var first = Outbound(success: false);
        var second = Outbound(success: false); // same texts, so the same length
        var record = ReusableStatusRecord.Rent();
        try
        {
            var firstValue = record.Fill(first).Value;
            var firstJson = firstValue.ToArray();
            var secondValue = record.Fill(second).Value;

            Assert.Same(firstValue, secondValue);
            Assert.Equal(NotificationStatusJson.Serialize(second.Status!), secondValue);
            Assert.NotEqual(firstJson, secondValue);
            Assert.Null(first.PayloadIfMade);
            Assert.Null(second.PayloadIfMade);

            // What a retry or dead letter reads later is made again, byte for byte what was produced.
            Assert.Equal(firstJson, first.Payload);
        }
        finally
        {
            record.Return();
        }
    }

    [Fact]
    public void Fill_AStatusThatHasItsJson_ProducesThatArray()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "email");
        var readBack = NotificationStatusJson.Serialize(status);
        var outbound = new OutboundStatus(status, readBack, new StatusCallback(CallbackType.Kafka, "city.parking-callback"),
            new InputOrigin("statusstream.retry", 0, 0, DateTimeOffset.UnixEpoch), null, _ledger.Track("statusstream.retry", 0, _offset++, 1));
        var record = ReusableStatusRecord.Rent();
        try
        {
            Assert.Same(readBack, record.Fill(outbound).Value);
        }
        finally
        {
            record.Return();
        }
    }

    [Fact]
    public void Fill_AValueLongerThanTheReusedOnes_AnArrayOfItsOwnWithTheSameBytes()
    {
        var outbound = Outbound(success: false, error: new string('x', ReusableStatusRecord.MaxReusedValueLength));
        var record = ReusableStatusRecord.Rent();
        try
        {
            var value = record.Fill(outbound).Value;
            Assert.True(value.Length > ReusableStatusRecord.MaxReusedValueLength);
            Assert.Equal(NotificationStatusJson.Serialize(outbound.Status!), value);
            Assert.NotSame(value, record.Fill(Outbound(success: false, error: new string('y', ReusableStatusRecord.MaxReusedValueLength))).Value);
        }
        finally
        {
            record.Return();
        }
    }

    [Fact]
    public void Fill_AValueOfAnotherLength_WipesTheArrayBefore()
    {
        var record = ReusableStatusRecord.Rent();
        try
        {
            var earlier = record.Fill(Outbound(success: false, error: "mailbox of jane@example.org full")).Value;
            var later = record.Fill(Outbound(success: false, error: "busy")).Value;

            Assert.NotSame(earlier, later);
            Assert.All(earlier, b => Assert.Equal(0, b));
        }
        finally
        {
            record.Return();
        }
    }

    // Each way a status's JSON is written: copied straight into the reused array (plain text), through the thread's
    // writer and buffer (text the writer escapes), and into an array of its own (longer than the reused ones).
    public static TheoryData<string> ErrorTexts => new()
    {
        "mailbox of jane@example.org full",
        "boîte de jane@example.org pleine",
        "jane@example.org " + new string('x', ReusableStatusRecord.MaxReusedValueLength),
    };

    [Theory]
    [MemberData(nameof(ErrorTexts))]
    public void Fill_LeavesNoStatusJsonInTheThreadsJsonBuffer(string error)
    {
        var record = ReusableStatusRecord.Rent();
        try
        {
            var outbound = Outbound(success: false, error: error);
            var value = record.Fill(outbound).Value;

            Assert.False(NotificationStatusJson.ThreadBufferHolds("jane@example.org"u8));
            Assert.Contains("jane@example.org", System.Text.Encoding.UTF8.GetString(value), StringComparison.Ordinal);

            // The check itself: a written status is there until it is cleared.
            _ = NotificationStatusJson.Write(outbound.Status!);
            Assert.True(NotificationStatusJson.ThreadBufferHolds("jane@example.org"u8));
            NotificationStatusJson.ClearWritten();
            Assert.False(NotificationStatusJson.ThreadBufferHolds("jane@example.org"u8));
        }
        finally
        {
            record.Return();
        }
    }

    [Theory]
    [MemberData(nameof(ErrorTexts))]
    public void Return_WipesTheReusedValue_SoNoErrorTextOutlivesItsProduce(string error)
    {
        var record = ReusableStatusRecord.Rent();
        var value = record.Fill(Outbound(success: false, error: error)).Value;
        record.Return();

        Assert.All(value, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Fits_OnlyAPlainStatus()
    {
        Assert.True(ReusableStatusRecord.Fits(Outbound()));
        Assert.False(ReusableStatusRecord.Fits(Outbound() with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }));
        Assert.False(ReusableStatusRecord.Fits(Outbound() with { Callback = new StatusCallback(CallbackType.Kafka, "city.parking-callback", Guid.NewGuid()) }));
        var message = OutboundStatus.ForInboundMessage(Guid.NewGuid(), "{}"u8.ToArray(), new StatusCallback(CallbackType.Kafka, "city.parking-callback"),
            new InputOrigin("notification.inbound", 0, 0, DateTimeOffset.UnixEpoch), null, _ledger.Track(new TopicPartitionOffset("notification.inbound", 0, 0), 1));
        Assert.False(ReusableStatusRecord.Fits(message));

        var record = ReusableStatusRecord.Rent();
        try
        {
            Assert.Throws<ArgumentException>(() => record.Fill(message));
        }
        finally
        {
            record.Return();
        }
    }

    [Fact]
    public void Return_LetsGoOfTheLastStatusJson()
    {
        var record = ReusableStatusRecord.Rent();
        var message = record.Fill(Outbound(success: false));
        record.Return();

        Assert.Empty(message.Value);
    }

    [Fact]
    public void Rent_WhileTheThreadsRecordIsInUse_AnotherOne_ThenTheReturnedOneAgain()
    {
        var outer = ReusableStatusRecord.Rent();
        var inner = ReusableStatusRecord.Rent();
        Assert.NotSame(outer, inner);
        inner.Return();
        outer.Return();

        var next = ReusableStatusRecord.Rent();
        next.Return();
        Assert.Same(outer, next);
    }

    private static (byte[] Key, byte[] Value, (string Key, string Value)[] Headers) Snapshot(Message<byte[], byte[]> message) =>
        (message.Key.ToArray(), message.Value.ToArray(), message.Headers.Select(h => (h.Key, System.Text.Encoding.UTF8.GetString(h.GetValueBytes()))).ToArray());

    // As the processor makes a fresh status: no JSON of its own until something asks for it.
    private OutboundStatus Outbound(bool success = true, string error = "mailbox full", byte[]? payload = null, Guid? eventId = null)
    {
        var status = new NotificationStatus(eventId ?? Guid.NewGuid(), Guid.NewGuid(), success, success ? "" : error, "email");
        return new OutboundStatus(status, payload, new StatusCallback(CallbackType.Kafka, "city.parking-callback"),
            new InputOrigin("notification.events", 0, _offset, DateTimeOffset.UnixEpoch), null, _ledger.Track(new TopicPartitionOffset("notification.events", 0, _offset++), 1));
    }
}
