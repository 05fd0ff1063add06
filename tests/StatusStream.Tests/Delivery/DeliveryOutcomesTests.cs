using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StatusStream.Commit;
using StatusStream.Delivery;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Delivery;

public sealed class DeliveryOutcomesTests
{
    [Theory]
    [InlineData(false, "kafka")]
    [InlineData(true, "subscription")]
    public void Delivered_Status_CountedUnderItsTransportToldAndAcknowledged(bool subscribed, string counted)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var deliveredCount = new MetricCollector<long>(factory, StatusStreamMetrics.MeterName, StatusStreamMetrics.StatusesDelivered);
        var successes = new Mock<IDeliverySuccesses>();
        var failures = new Mock<IDeliveryFailures>();
        var outcomes = new DeliveryOutcomes("kafka", failures.Object, successes.Object, new StatusStreamMetrics(factory, TimeProvider.System));
        var ledger = new OffsetLedger();
        var outbound = Outbound(ledger, subscribed);

        outcomes.Delivered(outbound);

        Assert.Equal(0, ledger.InFlightOutputs);
        successes.Verify(s => s.Delivered(outbound), Times.Once);
        failures.VerifyNoOtherCalls();
        Assert.Equal(counted, Assert.Single(deliveredCount.GetMeasurementSnapshot()).Tags[TelemetryTags.RouteKind]);
    }

    [Fact]
    public void Failed_Status_HandedToTheFailureDecisionNotAcknowledged()
    {
        var successes = new Mock<IDeliverySuccesses>();
        var failures = new Mock<IDeliveryFailures>();
        var outcomes = new DeliveryOutcomes("webhook", failures.Object, successes.Object);
        var ledger = new OffsetLedger();
        var outbound = Outbound(ledger, subscribed: false);
        var failure = new DeliveryFailure(FailureClass.Transient, "http:500");

        outcomes.Failed(outbound, failure);

        failures.Verify(f => f.Failed(outbound, failure), Times.Once);
        successes.VerifyNoOtherCalls();
        Assert.Equal(1, ledger.InFlightOutputs);
    }

    private static OutboundStatus Outbound(OffsetLedger ledger, bool subscribed)
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "sms");
        return new OutboundStatus(status, NotificationStatusJson.Serialize(status),
            new StatusCallback(CallbackType.Kafka, "status.callbacks", Subscription: subscribed ? Guid.NewGuid() : null),
            new InputOrigin("events", 0, 0, DateTimeOffset.UnixEpoch), null, ledger.Track(new TopicPartitionOffset("events", 0, 0), 1));
    }
}
