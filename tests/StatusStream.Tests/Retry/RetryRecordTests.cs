using System.Text;
using Confluent.Kafka;
using StatusStream.Commit;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;

namespace StatusStream.Tests.Retry;

public sealed class RetryRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryRead_InboundMessageRecord_ReadBackWithItsIdAndValue()
    {
        var (record, id) = ParkedInboundMessage("""{"id":"x","message":"hi"}"""u8.ToArray());

        Assert.True(RetryRecord.TryRead(record, Acknowledgement(), out var parked, out var problem), problem);
        Assert.Equal(id.ToString("D"), parked!.Outbound.InboundMessageId);
        Assert.Equal(record.Message.Value, parked.Outbound.Payload);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"id\":1} trailing")]
    [InlineData("")]
    public void TryRead_InboundMessageValueNotAJsonObject_RefusedWithoutEchoingIt(string value)
    {
        var (record, _) = ParkedInboundMessage(Encoding.UTF8.GetBytes(value));

        Assert.False(RetryRecord.TryRead(record, Acknowledgement(), out _, out var problem));
        Assert.Equal("the value of an inbound-message record is not a JSON object", problem);
    }

    [Theory]
    [InlineData("old-name")]
    [InlineData(null)]
    public void Reparked_FormerGroupOrNone_StampedWithOwnGroupEverythingElseUnchangedNoTimestamp(string? group)
    {
        var (record, _) = ParkedInboundMessage("""{"id":"x"}"""u8.ToArray());
        var message = record.Message;
        message.Headers.Remove(RetryHeaders.Group);
        if (group is not null)
        {
            HeaderText.Add(message.Headers, RetryHeaders.Group, group);
        }

        message.Timestamp = new Timestamp(Now.AddDays(-6));
        var copy = RetryRecord.Reparked(message, "g1");

        Assert.Equal(message.Key, copy.Key);
        Assert.Same(message.Value, copy.Value);
        // Without its old timestamp, so time-based retention counts from the re-park, not from the first park.
        Assert.Equal(default, copy.Timestamp);
        Assert.Equal(["g1"], copy.Headers.Where(h => h.Key == RetryHeaders.Group).Select(h => Encoding.UTF8.GetString(h.GetValueBytes())));
        Assert.Equal(
            message.Headers.Where(h => h.Key != RetryHeaders.Group).Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))),
            copy.Headers.Where(h => h.Key != RetryHeaders.Group).Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))));
    }

    private static (ConsumeResult<byte[], byte[]> Record, Guid Id) ParkedInboundMessage(byte[] value)
    {
        var id = Guid.NewGuid();
        var outbound = OutboundStatus.ForInboundMessage(id, """{"id":"placeholder"}"""u8.ToArray(),
            new StatusCallback(CallbackType.Webhook, "https://receiver.test/inbound"), new InputOrigin("notification.inbound", 0, 0, Now), null, Acknowledgement());
        var message = RetryRecord.Build(outbound, DeliveryAttempt.First.Failed(new AttemptRecord(1, Now, FailureClass.Transient, "http:500 (3 ms)")), Now, "g1");
        message.Value = value;
        return (new ConsumeResult<byte[], byte[]> { Message = message, TopicPartitionOffset = new TopicPartitionOffset("statusstream.retry", 0, 0) }, id);
    }

    private static OutputAcknowledgement Acknowledgement() => new OffsetLedger().Track(new TopicPartitionOffset("events", 0, 0), 1);
}
