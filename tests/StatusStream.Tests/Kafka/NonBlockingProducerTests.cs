using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Moq;
using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

/// <summary>
/// The overflow of <see cref="NonBlockingProducer"/>: a record the client's full queue refused is handed over later,
/// in order, as it was when the caller produced it, even though the caller reused its message in the meantime.
/// </summary>
public sealed class NonBlockingProducerTests
{
    [Fact]
    public void QueueFull_TheCallerReusesItsMessage_TheOverflowHandsOverTheRecordAsProduced_InOrder()
    {
        var taken = new BlockingCollection<string>();
        var refuseUntilRoom = new ManualResetEventSlim(false);

        // What librdkafka does: copy key, value and headers while Produce runs.
        using var producer = new NonBlockingProducer(ClientFullUntil(refuseUntilRoom, message => taken.Add(Text(message))));
        var value = new byte[1];
        var header = new byte[1];
        var message = new Message<byte[], byte[]> { Key = value, Value = value, Headers = new Headers { { "h", header } } };

        foreach (var letter in "abc")
        {
            value[0] = header[0] = (byte)letter;
            producer.Produce("t", message, _ => { });
        }

        Assert.Equal(3, producer.Overflowing);
        refuseUntilRoom.Set();
        var handedOver = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(taken.TryTake(out var next, TimeSpan.FromSeconds(10)), "the drain thread hands the overflow over once there is room");
            handedOver.Add(next!);
        }

        Assert.Equal(["a a h=a", "b b h=b", "c c h=c"], handedOver);
    }

    [Fact]
    public void QueueFull_TheOverflowsCopy_WipedOnceTheClientHasTakenIt()
    {
        // The copy may hold a recipient's error text: once the client has copied it, nothing of it stays.
        var takenCopies = new BlockingCollection<Message<byte[], byte[]>>();
        var refuseUntilRoom = new ManualResetEventSlim(false);
        using var producer = new NonBlockingProducer(ClientFullUntil(refuseUntilRoom, message =>
        {
            Assert.Contains("jane@example.org", Encoding.UTF8.GetString(message.Value), StringComparison.Ordinal);
            takenCopies.Add(message);
        }));
        producer.Produce("t", new Message<byte[], byte[]>
        {
            Key = "k"u8.ToArray(), Value = Encoding.UTF8.GetBytes("""{"error":"mailbox of jane@example.org full"}"""), Headers = new Headers { { "h", "v"u8.ToArray() } },
        }, _ => { });

        refuseUntilRoom.Set();
        Assert.True(takenCopies.TryTake(out var copy, TimeSpan.FromSeconds(10)), "the drain thread hands the overflow over once there is room");
        // The drain thread wipes the copy right after the client returns: poll for it, with a deadline.
        SpinWait.SpinUntil(() => copy!.Value.All(b => b == 0), TimeSpan.FromSeconds(10));

        Assert.All(copy!.Value, b => Assert.Equal(0, b));
        Assert.All(copy.Key, b => Assert.Equal(0, b));
        Assert.All(copy.Headers.Single().GetValueBytes(), b => Assert.Equal(0, b));
    }

    /// <summary>A client whose queue is full until <paramref name="room"/> is set; then it hands each record to <paramref name="take"/>.</summary>
    private static IProducer<byte[], byte[]> ClientFullUntil(ManualResetEventSlim room, Action<Message<byte[], byte[]>> take)
    {
        var client = new Mock<IProducer<byte[], byte[]>>();
        client.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((_, message, _) =>
            {
                if (!room.IsSet)
                {
                    throw new ProduceException<byte[], byte[]>(new Error(ErrorCode.Local_QueueFull), new DeliveryResult<byte[], byte[]>());
                }

                take(message);
            });
        return client.Object;
    }

    private static string Text(Message<byte[], byte[]> message) =>
        $"{Encoding.ASCII.GetString(message.Key)} {Encoding.ASCII.GetString(message.Value)} "
        + string.Join(";", message.Headers.Select(h => $"{h.Key}={Encoding.ASCII.GetString(h.GetValueBytes())}"));
}
