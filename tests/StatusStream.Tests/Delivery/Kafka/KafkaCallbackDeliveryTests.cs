using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using StatusStream.Commit;
using StatusStream.Delivery.Kafka;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Serialization;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Kafka;

/// <summary>
/// The Kafka transport's record value, with and without a Schema Registry. The producer is a fake: what is tested is
/// the value handed to it and that <c>Deliver</c> returns before the registry answers.
/// </summary>
public sealed class KafkaCallbackDeliveryTests : IAsyncLifetime
{
    private const string Topic = "city.parking-callback";
    private readonly ConcurrentQueue<(string Topic, Message<byte[], byte[]> Message)> _produced = new();
    private readonly ConcurrentQueue<DeliveryFailure> _failures = new();
    private readonly OffsetLedger _ledger = new();
    private FakeSchemaRegistry _registry = null!;
    private long _offset;
    private CachedSchemaRegistryClient? _client;

    public async Task InitializeAsync() => _registry = await FakeSchemaRegistry.StartAsync(firstId: 31337);

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public void Deliver_NoRegistry_ProducesThePlainJsonPayload()
    {
        var outbound = Outbound();

        Delivery(withRegistry: false).Deliver(outbound);

        var (topic, message) = Assert.Single(_produced);
        Assert.Equal(Topic, topic);
        Assert.Equal(NotificationStatusJson.Serialize(outbound.Status!), message.Value);
        Assert.Null(outbound.PayloadIfMade); // written into the thread's record, not kept by the status
    }

    [Fact]
    public void Deliver_FreshStatusWhoseProduceFails_TheFailureHandlerGetsItsJsonMadeAgain()
    {
        // The record's value array is reused for the next status and wiped when the client has it; what the retry
        // topic gets must be the status's own JSON, made again.
        Action<DeliveryReport<byte[], byte[]>>? report = null;
        var producer = new Mock<IProducer<byte[], byte[]>>();
        producer.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((_, message, handler) =>
            {
                _produced.Enqueue((Topic, AsTaken(message)));
                report ??= handler;
            });
        var failed = new ConcurrentQueue<OutboundStatus>();
        var failures = new Mock<IDeliveryFailures>();
        failures.Setup(f => f.Failed(It.IsAny<OutboundStatus>(), It.IsAny<DeliveryFailure>())).Callback<OutboundStatus, DeliveryFailure>((o, _) => failed.Enqueue(o));
        var delivery = new KafkaCallbackDelivery(new NonBlockingProducer(producer.Object), failures.Object);
        var failing = Outbound(success: false, error: "mailbox full");
        var next = Outbound(success: false, error: "mailbox fulL"); // same length: the same reused array

        delivery.Deliver(failing);
        delivery.Deliver(next);
        report!(new DeliveryReport<byte[], byte[]> { Error = new Error(ErrorCode.Local_MsgTimedOut), Message = new Message<byte[], byte[]>() });

        Assert.Same(failing, Assert.Single(failed));
        Assert.Equal(NotificationStatusJson.Serialize(failing.Status!), failing.Payload);
        Assert.Equal(_produced.First().Message.Value, failing.Payload);
        Assert.Equal(NotificationStatusJson.Serialize(next.Status!), _produced.Last().Message.Value);
    }

    [Fact]
    public void Deliver_StatusAfterStatus_TheClientTakesEachAsItsBuiltRecord_TracedOrSubscribedOnesBuiltApart()
    {
        var snapshots = new List<string>();
        var producer = new Mock<IProducer<byte[], byte[]>>();
        producer.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((_, message, _) => snapshots.Add(Snapshot(message)));
        var delivery = new KafkaCallbackDelivery(new NonBlockingProducer(producer.Object), Mock.Of<IDeliveryFailures>());
        var subscription = Guid.NewGuid();
        var statuses = new[]
        {
            Outbound(),
            Outbound(),
            Outbound() with { Callback = new StatusCallback(CallbackType.Kafka, Topic, subscription) },
            Outbound() with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
            Outbound(),
        };

        foreach (var outbound in statuses)
        {
            delivery.Deliver(outbound);
        }

        Assert.Equal(statuses.Select(s => Snapshot(StatusRecord.Build(s))), snapshots);
        Assert.Contains(subscription.ToString("D"), snapshots[2], StringComparison.Ordinal);
        Assert.Contains("traceparent=00-0af7651916cd43dd8448eb211c80319c", snapshots[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SchemaIdNotKnownYet_ReturnsBeforeTheRegistryAnswers_ThenProducesTheWireFormat()
    {
        var delivery = Delivery(withRegistry: true);
        _registry.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outbound = Outbound();

        delivery.Deliver(outbound); // returns while the registry request is held open
        Assert.Empty(_produced);

        _registry.Hold.SetResult();
        await Poll.UntilAsync(() => !_produced.IsEmpty, TimeSpan.FromSeconds(10), () => "nothing produced");
        var (_, message) = Assert.Single(_produced);
        Assert.True(ConfluentWireFormat.TryRead(message.Value, out var id, out var json));
        Assert.Equal(31337, id);
        Assert.Equal(outbound.Payload, json.ToArray());
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task Deliver_SchemaIdKnown_ProducesOnTheCallersThreadWithoutAskingAgain()
    {
        var delivery = Delivery(withRegistry: true);
        delivery.Deliver(Outbound());
        await Poll.UntilAsync(() => _produced.Count == 1, TimeSpan.FromSeconds(10), () => "first status not produced");
        var requests = _registry.Requests.Count;

        delivery.Deliver(Outbound());

        Assert.Equal(2, _produced.Count); // synchronously: the id was cached
        Assert.Equal(requests, _registry.Requests.Count);
    }

    [Fact]
    public async Task Deliver_RegistryDown_ReportsATransientSchemaRegistryFailure_AndProducesNothing()
    {
        var delivery = Delivery(withRegistry: true);
        _registry.Available = false;

        delivery.Deliver(Outbound());

        await Poll.UntilAsync(() => !_failures.IsEmpty, TimeSpan.FromSeconds(20), () => "no failure reported");
        var failure = Assert.Single(_failures);
        Assert.Equal(FailureClass.Transient, failure.Class);
        Assert.StartsWith("schema-registry: ", failure.Description, StringComparison.Ordinal);
        Assert.Empty(_produced);
        Assert.Equal(1, _ledger.InFlightOutputs); // not acknowledged: the failure handler parks it
    }

    private KafkaCallbackDelivery Delivery(bool withRegistry)
    {
        var producer = new Mock<IProducer<byte[], byte[]>>();
        producer.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            // As the client does, take the record while Produce runs: the callback path reuses its message afterwards.
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((topic, message, _) => _produced.Enqueue((topic, AsTaken(message))));
        var failures = new Mock<IDeliveryFailures>();
        failures.Setup(f => f.Failed(It.IsAny<OutboundStatus>(), It.IsAny<DeliveryFailure>()))
            .Callback<OutboundStatus, DeliveryFailure>((_, failure) => _failures.Enqueue(failure));
        CallbackSchemaIds? schemaIds = null;
        if (withRegistry)
        {
            var options = new SchemaRegistryOptions { Url = _registry.Url };
            _client = new CachedSchemaRegistryClient(SchemaRegistryClientConfig.From(options));
            schemaIds = new CallbackSchemaIds(_client, Options.Create(options), NullLogger<CallbackSchemaIds>.Instance);
        }

        return new KafkaCallbackDelivery(new NonBlockingProducer(producer.Object), failures.Object, schemaIds);
    }

    /// <summary>What the client holds once it took <paramref name="message"/>: its own copy of key, value and headers, as librdkafka copies them.</summary>
    private static Message<byte[], byte[]> AsTaken(Message<byte[], byte[]> message)
    {
        var headers = new Headers();
        foreach (var header in message.Headers)
        {
            headers.Add(header.Key, header.GetValueBytes().ToArray());
        }

        return new Message<byte[], byte[]> { Key = message.Key.ToArray(), Value = message.Value.ToArray(), Headers = headers };
    }

    /// <summary>The record as the client copies it when it takes it: key, value and headers, in order.</summary>
    private static string Snapshot(Message<byte[], byte[]> message) =>
        $"{Convert.ToHexString(message.Key)} {Convert.ToHexString(message.Value)} "
        + string.Join(";", message.Headers.Select(h => $"{h.Key}={System.Text.Encoding.UTF8.GetString(h.GetValueBytes())}"));

    // As the processor makes a fresh status: no JSON of its own until something asks for it.
    private OutboundStatus Outbound(bool success = true, string error = "")
    {
        var offset = _offset++;
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), success, error, "email");
        return new OutboundStatus(status, payload: null, new StatusCallback(CallbackType.Kafka, Topic),
            new InputOrigin("notification.events", 0, offset, TimeProvider.System.GetUtcNow()), null,
            _ledger.Track(new TopicPartitionOffset("notification.events", 0, offset), 1));
    }
}
