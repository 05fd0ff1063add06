using System.Text;
using Confluent.Kafka;
using StatusStream.Demo;
using StatusStream.Expansion;
using StatusStream.Records;

namespace StatusStream.Tests.Demo;

public sealed class DemoArrivalsTests
{
    private const string DeadLetterTopic = "statusstream.dlq";
    private const string RetryTopic = "statusstream.retry";
    private static readonly Guid BillingEvent = Guid.Parse("9e4d7a21-6b3c-4f58-a0e9-1c2b3d4e5f60");
    private static readonly Guid BillingRecipient = Guid.Parse("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");

    [Fact]
    public void IsComplete_EveryStatusAndDeadLetterButRetryNotYetRead_IsNotComplete()
    {
        // The order the reader can fetch in: the billing status (delivered on its second attempt)
        // before the retry topic's record that parked it. The old reader stopped here.
        var arrivals = new DemoArrivals(DeadLetterTopic, RetryTopic);
        foreach (var record in EverythingButTheRetry())
        {
            arrivals.Add(record);
        }

        Assert.False(arrivals.IsComplete);

        arrivals.Add(Parked(timestamp: 1_000));
        Assert.True(arrivals.IsComplete);
    }

    [Fact]
    public void Lines_ParkedRetryReadLast_ShownBeforeTheDeliveryItLedTo()
    {
        var arrivals = new DemoArrivals(DeadLetterTopic, RetryTopic);
        foreach (var record in EverythingButTheRetry())
        {
            arrivals.Add(record);
        }

        arrivals.Add(Parked(timestamp: 1_000));

        var lines = arrivals.Lines.ToList();
        var parked = lines.FindIndex(l => l.StartsWith(RetryTopic, StringComparison.Ordinal));
        var delivered = lines.FindIndex(l => l.StartsWith(DemoEvents.BillingCallbackTopic, StringComparison.Ordinal));
        Assert.True(parked >= 0 && parked < delivered, string.Join('\n', lines));
    }

    private static IEnumerable<ConsumeResult<byte[], byte[]>> EverythingButTheRetry()
    {
        yield return Status(DemoEvents.BillingCallbackTopic, BillingEvent, BillingRecipient, timestamp: 2_000);
        var parking = Guid.Parse("5b0f3c1e-8d2a-4c71-9a43-2f6a1d3e9b10");
        for (var i = 0; i < 3; i++)
        {
            yield return Status(DemoEvents.ParkingCallbackTopic, parking, Guid.NewGuid(), timestamp: 900);
        }

        yield return Record(DeadLetterTopic, [], new Headers(), timestamp: 900);
        yield return Record(DeadLetterTopic, [], new Headers(), timestamp: 900);
        yield return Record(DemoEvents.ParkingCallbackTopic, "{\"id\":\"x\"}"u8.ToArray(),
            new Headers { { StatusHeaders.ContentType, Encoding.UTF8.GetBytes(InboundMessageHeaders.ContentType) } }, timestamp: 950);
    }

    private static ConsumeResult<byte[], byte[]> Parked(long timestamp)
    {
        var headers = new Headers { { StatusHeaders.StatusId, Encoding.UTF8.GetBytes($"{BillingEvent:D}:{BillingRecipient:D}") } };
        headers.Add(RetryHeaders.Attempt, "2"u8.ToArray());
        return Record(RetryTopic, NotificationStatusJson.Serialize(new NotificationStatus(BillingEvent, BillingRecipient, true, "", "slack")), headers, timestamp);
    }

    private static ConsumeResult<byte[], byte[]> Status(string topic, Guid eventId, Guid recipient, long timestamp) =>
        Record(topic, NotificationStatusJson.Serialize(new NotificationStatus(eventId, recipient, true, "", "slack")), new Headers(), timestamp);

    private static ConsumeResult<byte[], byte[]> Record(string topic, byte[] value, Headers headers, long timestamp) => new()
    {
        Topic = topic,
        Message = new Message<byte[], byte[]> { Value = value, Headers = headers, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) },
    };
}
