using System.Collections.Concurrent;
using System.Net.Http;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using StatusStream.Commit;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>What the webhook transport does when its own code fails, not the receiver.</summary>
public sealed class WebhookDeliveryFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Deliver_SendingThrowsUnexpectedly_EachStatusFailsTransientlyAndTheWorkerGoesOn()
    {
        // The seam that throws: the HTTP handler factory (a stand-in for any bug under the sender).
        var handlers = new Mock<IHttpMessageHandlerFactory>();
        handlers.Setup(h => h.CreateHandler(It.IsAny<string>())).Throws(new InvalidOperationException("handler broke\nbadly"));
        var failures = new ConcurrentQueue<(OutboundStatus Outbound, DeliveryFailure Failure)>();
        var failed = new Mock<IDeliveryFailures>();
        failed.Setup(f => f.Failed(It.IsAny<OutboundStatus>(), It.IsAny<DeliveryFailure>()))
            .Callback<OutboundStatus, DeliveryFailure>((outbound, failure) => failures.Enqueue((outbound, failure)));
        // One worker: the second status is sent only if the first failure did not end it.
        var options = Options.Create(new WebhookOptions { Concurrency = 1 });
        var clock = new FakeTimeProvider();
        var sender = new WebhookSender(handlers.Object, new WebhookRequestBuilder(new WebhookBodyRenderer(), new StandardWebhookSigner(clock)),
            options, clock);
        using var delivery = new WebhookDelivery(sender, failed.Object, options, new NamedEndpointMatcher(options), clock);

        delivery.Deliver(Status("https://receiver.test/hook"));
        delivery.Deliver(Status("https://receiver.test/hook"));
        await Poll.UntilAsync(() => failures.Count == 2, Deadline, () => $"{failures.Count} of 2 failures reported");

        Assert.All(failures, f =>
        {
            Assert.Equal(FailureClass.Transient, f.Failure.Class);
            // The type only: an exception's message is not trusted to be free of URLs or headers.
            Assert.Equal("unexpected InvalidOperationException", f.Failure.Description);
        });
    }

    [Fact]
    public async Task Deliver_BreakerOpens_LaterStatusFailsTransientlyAsCircuitOpenNotBeforeTheBreakEnds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(500, 500, 500);
        var failures = new ConcurrentQueue<DeliveryFailure>();
        var failed = new Mock<IDeliveryFailures>();
        failed.Setup(f => f.Failed(It.IsAny<OutboundStatus>(), It.IsAny<DeliveryFailure>()))
            .Callback<OutboundStatus, DeliveryFailure>((_, failure) => failures.Enqueue(failure));
        var options = Options.Create(new WebhookOptions
        {
            Concurrency = 1, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakerBreakSeconds = 30, AllowLoopback = true,
        });
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        using var handler = new SocketsHttpHandler();
        var handlers = new Mock<IHttpMessageHandlerFactory>();
        handlers.Setup(h => h.CreateHandler(It.IsAny<string>())).Returns(handler);
        var sender = new WebhookSender(handlers.Object, new WebhookRequestBuilder(new WebhookBodyRenderer(), new StandardWebhookSigner(clock)), options, clock);
        using var delivery = new WebhookDelivery(sender, failed.Object, options, new NamedEndpointMatcher(options), clock);

        // Two 500s open the breaker; 10 s later a third status is not sent at all, and waits for the rest of the break.
        delivery.Deliver(Status(receiver.BaseUrl + "/hook"));
        delivery.Deliver(Status(receiver.BaseUrl + "/hook"));
        await Poll.UntilAsync(() => failures.Count == 2, Deadline, () => $"{failures.Count} of 2 failures reported");
        clock.Advance(TimeSpan.FromSeconds(10));
        delivery.Deliver(Status(receiver.BaseUrl + "/hook"));

        await Poll.UntilAsync(() => failures.Count == 3, Deadline, () => $"{failures.Count} of 3 failures reported");
        var reported = failures.ToArray();
        Assert.All(reported[..2], f => Assert.StartsWith("http:500", f.Description, StringComparison.Ordinal));
        Assert.Equal(FailureClass.Transient, reported[2].Class);
        Assert.StartsWith("circuit-open:", reported[2].Description, StringComparison.Ordinal);
        // Nothing was sent: the status waits without spending an attempt.
        Assert.True(reported[2].NotAttempted);
        Assert.False(reported[0].NotAttempted);
        Assert.Equal(clock.GetUtcNow().AddSeconds(20), reported[2].NotBefore);
        Assert.Equal(2, receiver.Received.Count);
    }

    private static OutboundStatus Status(string target) => WebhookSamples.Outbound(target);
}
