using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Delivery.Kafka;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Retry;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Retry;

/// <summary>
/// The decision after a failed attempt. The producer is a fake here on purpose: what is tested is
/// which topic a status goes to and with which headers, not Kafka (the retry integration tests do that).
/// </summary>
public sealed class DeliveryFailureHandlerTests : IDisposable
{
    private const string RetryTopic = "statusstream.retry";
    private const string DeadLetterTopic = "statusstream.dlq";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly List<(string Topic, Message<byte[], byte[]> Message)> _produced = [];
    private readonly PipelineFailures _failures = new(NullLogger<PipelineFailures>.Instance);
    private readonly OffsetLedger _ledger = new();

    public void Dispose() => _failures.Dispose();

    [Fact]
    public void Handle_FirstTransientFailure_ParkedForAttempt2DueIn3Seconds()
    {
        var outbound = Outbound();

        Fail(Handler(), outbound, new Error(ErrorCode.Local_MsgTimedOut, "timed out"));

        var (topic, message) = Assert.Single(_produced);
        Assert.Equal(RetryTopic, topic);
        Assert.Equal("2", Header(message, RetryHeaders.Attempt));
        Assert.Equal(Now.AddSeconds(3), DateTimeOffset.Parse(Header(message, RetryHeaders.DueAt), CultureInfo.InvariantCulture));
        Assert.Equal("kafka:Local_MsgTimedOut: timed out", Header(message, FailureHeaders.ErrorMessage));
        Assert.Equal(1, _ledger.InFlightOutputs); // acknowledged only when the retry topic confirms
    }

    [Fact]
    public void Handle_TransientAfterFiveRetries_DeadLetteredRetriesExhausted()
    {
        var outbound = Outbound() with { Attempt = new DeliveryAttempt(6, Now.AddSeconds(-93), FailureHistory.Empty) };

        Fail(Handler(), outbound, new Error(ErrorCode.Local_MsgTimedOut, "timed out"));

        var (topic, message) = Assert.Single(_produced);
        Assert.Equal(DeadLetterTopic, topic);
        Assert.Equal(DeliveryFailureHandler.RetriesExhaustedReason, Header(message, DeadLetterHeaders.Reason));
        Assert.Equal(Now.AddSeconds(-93), DateTimeOffset.Parse(Header(message, FailureHeaders.FirstFailureAt), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Handle_RouteAllowsThreeRetries_FourthAttemptFailureIsTheLast()
    {
        var options = new RetryOptions { Routes = { ["osp.*"] = new RetryRouteOptions { MaxRetries = 3 } } };
        var outbound = Outbound("osp.gateway-callback") with { Attempt = new DeliveryAttempt(4, Now, FailureHistory.Empty) };

        Fail(Handler(options), outbound, new Error(ErrorCode.Local_MsgTimedOut));

        Assert.Equal(DeadLetterTopic, Assert.Single(_produced).Topic);
    }

    [Fact]
    public void Handle_Permanent_DeadLetteredAtOnceWithItsClass()
    {
        Fail(Handler(), Outbound(), new Error(ErrorCode.MsgSizeTooLarge, "too large"));

        var (topic, message) = Assert.Single(_produced);
        Assert.Equal(DeadLetterTopic, topic);
        Assert.Equal(DeliveryFailureHandler.PermanentFailureReason, Header(message, DeadLetterHeaders.Reason));
        Assert.Equal("permanent", Header(message, FailureHeaders.ErrorClass));
        Assert.Equal("1", Header(message, DeadLetterHeaders.Attempts));
    }

    [Fact]
    public void Handle_Fatal_StopsThePipelineAndKeepsTheStatusUnacknowledged()
    {
        Fail(Handler(), Outbound(), new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true));

        Assert.Empty(_produced);
        Assert.True(_failures.IsFatal);
        Assert.Equal(1, _ledger.InFlightOutputs);
    }

    [Fact]
    public void Failed_RetryAfterLaterThanBackoff_DueNoEarlierThanTheReceiverAsked()
    {
        var outbound = Outbound();

        Handler().Failed(outbound, new DeliveryFailure(FailureClass.Transient, "http:429: Too Many Requests", NotBefore: Now.AddSeconds(30)));

        var (_, message) = Assert.Single(_produced);
        Assert.Equal(Now.AddSeconds(30), DateTimeOffset.Parse(Header(message, RetryHeaders.DueAt), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Failed_RetryAfterEarlierThanBackoff_BackoffWins()
    {
        var outbound = Outbound();

        Handler().Failed(outbound, new DeliveryFailure(FailureClass.Transient, "http:503: Service Unavailable", NotBefore: Now.AddSeconds(1)));

        var (_, message) = Assert.Single(_produced);
        Assert.Equal(Now.AddSeconds(3), DateTimeOffset.Parse(Header(message, RetryHeaders.DueAt), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Failed_PermanentWithOwnReason_DeadLetteredWithThatReason()
    {
        var outbound = Outbound();

        Handler().Failed(outbound, new DeliveryFailure(FailureClass.Permanent, "refused: 169.254.169.254 is link-local", DeadLetterReason: "target-refused"));

        var (topic, message) = Assert.Single(_produced);
        Assert.Equal(DeadLetterTopic, topic);
        Assert.Equal("target-refused", Header(message, DeadLetterHeaders.Reason));
    }

    [Fact]
    public void Failed_NotAttempted_ParkedUntilNotBeforeWithTheSameAttemptEvenWhenItsRetriesAreUsedUp()
    {
        // Attempt 6 with the default 5 retries: a real failure now would be the last (retries-exhausted).
        var history = FailureHistory.Empty.Append(new AttemptRecord(5, Now.AddSeconds(-10), FailureClass.Transient, "http:503"));
        var outbound = Outbound() with { Attempt = new DeliveryAttempt(6, Now.AddSeconds(-93), history) };

        Handler().Failed(outbound, new DeliveryFailure(FailureClass.Transient, "circuit-open: breaker open", Now.AddSeconds(20), NotAttempted: true));

        var (topic, message) = Assert.Single(_produced);
        Assert.Equal(RetryTopic, topic);
        Assert.Equal("6", Header(message, RetryHeaders.Attempt));
        Assert.Equal(Now.AddSeconds(20), DateTimeOffset.Parse(Header(message, RetryHeaders.DueAt), CultureInfo.InvariantCulture));
        Assert.Equal(history.ToHeaderValue(), Header(message, FailureHeaders.History));
        Assert.Equal("http:503", Header(message, FailureHeaders.ErrorMessage));
    }

    [Fact]
    public void Failed_NotAttemptedThenAFailedAttempt_OneBreakerWaitAndOneRetryCountedApart()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new StatusStreamMetrics(services.GetRequiredService<IMeterFactory>(), _clock);
        var handler = Handler(metrics: metrics);
        var outbound = Outbound();

        handler.Failed(outbound, new DeliveryFailure(FailureClass.Transient, "circuit-open: breaker open", Now.AddSeconds(20), NotAttempted: true));
        var afterWait = metrics.Totals();
        handler.Failed(outbound, new DeliveryFailure(FailureClass.Transient, "http:503"));

        Assert.Equal((1L, 0L), (afterWait.BreakerWaits, afterWait.Retries));
        Assert.Equal((1L, 1L), (metrics.Totals().BreakerWaits, metrics.Totals().Retries));
    }

    [Fact]
    public void Failed_NotAttemptedInOrderedMode_WaitsInPlaceWithTheSameAttempt()
    {
        var order = new Mock<IStatusOrder>();
        var outbound = Outbound() with { Attempt = new DeliveryAttempt(3, Now, FailureHistory.Empty), Order = order.Object };

        Handler().Failed(outbound, new DeliveryFailure(FailureClass.Transient, "circuit-open: breaker open", Now.AddSeconds(7), NotAttempted: true));

        order.Verify(o => o.RetryAt(It.Is<OutboundStatus>(s => s.Attempt.Number == 3 && ReferenceEquals(s, outbound)), Now.AddSeconds(7)), Times.Once);
        Assert.Empty(_produced);
    }

    private static void Fail(DeliveryFailureHandler handler, OutboundStatus outbound, Error error) =>
        handler.Failed(outbound, new DeliveryFailure(KafkaFailureClassifier.Classify(error), KafkaFailureClassifier.Describe(error)));

    private DeliveryFailureHandler Handler(RetryOptions? retry = null, StatusStreamMetrics? metrics = null)
    {
        var producer = new Mock<IProducer<byte[], byte[]>>();
        producer.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((topic, message, _) => _produced.Add((topic, message)));
        var kafka = Options.Create(new KafkaOptions { RetryTopic = RetryTopic, DeadLetterTopic = DeadLetterTopic });
        var nonBlocking = new NonBlockingProducer(producer.Object);
        var writer = new InternalTopicWriter(nonBlocking, _failures, _clock, NullLogger<InternalTopicWriter>.Instance);
        var deadLetters = new DeadLetterPublisher(writer, kafka, _clock, NullLogger<DeadLetterPublisher>.Instance);
        var parker = new RetryParker(writer, deadLetters, kafka, NullLogger<RetryParker>.Instance);
        var policies = new RetryPolicies(Options.Create(retry ?? new RetryOptions()), []);
        return new DeliveryFailureHandler(deadLetters, parker, policies, _failures, _clock, metrics);
    }

    private OutboundStatus Outbound(string target = "city.parking-callback")
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), false, "mailbox full", "email");
        return new OutboundStatus(status, NotificationStatusJson.Serialize(status), new StatusCallback(CallbackType.Kafka, target),
            new InputOrigin("notification.events", 1, 42, Now), null, _ledger.Track(new TopicPartitionOffset("notification.events", 1, 42), 1));
    }

    private static string Header(Message<byte[], byte[]> message, string name) => HeaderText.GetOrNull(message.Headers, name) ?? "";
}
