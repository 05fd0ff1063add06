using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;

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
        (message.Key.ToArray(), message.Value, message.Headers.Select(h => (h.Key, System.Text.Encoding.UTF8.GetString(h.GetValueBytes()))).ToArray());

    private OutboundStatus Outbound(bool success = true)
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), success, success ? "" : "mailbox full", "email");
        return new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(CallbackType.Kafka, "city.parking-callback"),
            new InputOrigin("notification.events", 0, _offset, DateTimeOffset.UnixEpoch), null, _ledger.Track(new TopicPartitionOffset("notification.events", 0, _offset++), 1));
    }
}
