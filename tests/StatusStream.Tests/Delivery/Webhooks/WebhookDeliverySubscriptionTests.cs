using System.Collections.Concurrent;
using System.Net.Http;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
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

/// <summary>A subscription's status through the webhook transport: its settings are looked up once per attempt, when it is queued.</summary>
public sealed class WebhookDeliverySubscriptionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Deliver_SubscriptionStatus_LooksTheSubscriptionUpOnceAndPostsToItsUrl()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var id = Guid.NewGuid();
        Assert.True(WebhookSigningKey.TryParse("whsec_" + Convert.ToBase64String(new byte[32]), out var key));
        var lookups = 0;
        var subscriptions = new Mock<ISubscriptionWebhooks>();
        subscriptions.Setup(s => s.Find(id)).Returns(() =>
        {
            Interlocked.Increment(ref lookups);
            return new SubscriptionWebhook(receiver.BaseUrl + "/subscribed", WebhookProfile.Hal, new HalSubscriptionLink("/subscriptions/" + id, id.ToString("D")), [key]);
        });
        var delivered = new ConcurrentQueue<OutboundStatus>();
        var successes = new Mock<IDeliverySuccesses>();
        successes.Setup(s => s.Delivered(It.IsAny<OutboundStatus>())).Callback<OutboundStatus>(delivered.Enqueue);
        var options = Options.Create(new WebhookOptions { Concurrency = 1, AllowLoopback = true });
        using var handler = new SocketsHttpHandler();
        var handlers = new Mock<IHttpMessageHandlerFactory>();
        handlers.Setup(h => h.CreateHandler(It.IsAny<string>())).Returns(handler);
        var clock = TimeProvider.System;
        var sender = new WebhookSender(handlers.Object, new WebhookRequestBuilder(new WebhookBodyRenderer(), new StandardWebhookSigner(clock)), options, clock);
        using var delivery = new WebhookDelivery(sender, Mock.Of<IDeliveryFailures>(), options, new NamedEndpointMatcher(options), clock,
            successes: successes.Object, subscriptions: subscriptions.Object);
        var ledger = new OffsetLedger();
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "sms");
        // As a replayed dead letter carries it: the URL's scheme, host and port only.
        var outbound = new OutboundStatus(status, NotificationStatusJson.Serialize(status),
            new StatusCallback(CallbackType.Webhook, receiver.BaseUrl, Subscription: id),
            new InputOrigin("events", 0, 0, DateTimeOffset.UnixEpoch), null, ledger.Track(new TopicPartitionOffset("events", 0, 0), 1));

        delivery.Deliver(outbound);
        await Poll.UntilAsync(() => ledger.InFlightOutputs == 0, Deadline, () => $"{receiver.Received.Count} requests, not acknowledged");

        Assert.Equal("/subscribed", Assert.Single(receiver.Received).PathAndQuery);
        Assert.Single(delivered);
        Assert.Equal(1, Volatile.Read(ref lookups));
    }
}
