using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

public sealed class OffsetResetNoticeTests
{
    [Fact]
    public void TryRead_LibrdkafkaOutOfRangeWarning_PartitionAndBothOffsets()
    {
        // As librdkafka 2.16 logs it (facility OFFSET, warning) when a fetch finds its offset gone.
        const string Message = "[thrd:main]: notification.events [3]: offset reset (at offset 1 (leader epoch 0), broker 1) to cached "
            + "BEGINNING offset offset 72 (leader epoch -1): fetch failed due to requested offset not available on the broker: Broker: Offset out of range";

        Assert.True(OffsetResetNotice.TryRead(Message, out var topic, out var partition, out var from, out var to));
        Assert.Equal(("notification.events", 3, 1L, 72L), (topic, partition, from, to));
    }

    [Fact]
    public void TryRead_ResetToALogicalOffset_NoTargetOffset()
    {
        const string Message = "cc-heartbeat [0]: offset reset (at offset 554 (leader epoch 0), broker 1) to offset END (leader epoch -1): "
            + "fetch failed due to requested offset not available on the broker: Broker: Offset out of range";

        Assert.True(OffsetResetNotice.TryRead(Message, out var topic, out _, out var from, out var to));
        Assert.Equal(("cc-heartbeat", 554L, -1L), (topic, from, to));
    }

    [Fact]
    public void TryRead_OtherOffsetMessage_False() =>
        Assert.False(OffsetResetNotice.TryRead("Topic t [0]: stored offset 5, committed offset 4", out _, out _, out _, out _));
}
