using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Moq;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>statusstream.webhook.responses: one count per attempt, in the class the whole attempt ended in.</summary>
public sealed class WebhookDeliveryMetricsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentQueue<DeliveryFailure> _failures = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Deliver_HeadersThenTheBodyStalls_CountedOnceAsTimeout()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(async (_, context) =>
        {
            await StartBodyAsync(context);
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            return 200;
        });

        var classes = await DeliverOneAsync(receiver.BaseUrl + "/stalls");

        Assert.Equal([WebhookAttemptResult.Timeout], classes);
        Assert.StartsWith("http:timeout", Assert.Single(_failures).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_HeadersThenTheBodyIsCutShort_CountedOnceAsResponseError()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(async (_, context) =>
        {
            await StartBodyAsync(context);
            context.Abort();
            return 200;
        });

        var classes = await DeliverOneAsync(receiver.BaseUrl + "/truncates");

        Assert.Equal([WebhookAttemptResult.ResponseError], classes);
        var failure = Assert.Single(_failures);
        Assert.Equal(FailureClass.Transient, failure.Class);
        Assert.StartsWith("http:response: ", failure.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_Answered503_CountedOnceAs5xx()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503);

        Assert.Equal(["5xx"], await DeliverOneAsync(receiver.BaseUrl + "/unwell"));
    }

    /// <summary>200 with a promised body of 100 bytes, 10 of them sent.</summary>
    private static async Task StartBodyAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 100;
        await context.Response.Body.WriteAsync(new byte[10]);
        await context.Response.Body.FlushAsync();
    }

    /// <returns>The status classes counted for the one attempt, once it was reported.</returns>
    private async Task<string[]> DeliverOneAsync(string target)
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var responses = new MetricCollector<long>(factory, StatusStreamMetrics.MeterName, StatusStreamMetrics.WebhookResponses);
        var metrics = new StatusStreamMetrics(factory, TimeProvider.System);
        var failed = new Mock<IDeliveryFailures>();
        failed.Setup(f => f.Failed(It.IsAny<OutboundStatus>(), It.IsAny<DeliveryFailure>()))
            .Callback<OutboundStatus, DeliveryFailure>((_, failure) => _failures.Enqueue(failure));
        var options = Options.Create(new WebhookOptions { Concurrency = 1, TimeoutSeconds = 1, AllowLoopback = true });
        using var handler = new SocketsHttpHandler();
        var handlers = new Mock<IHttpMessageHandlerFactory>();
        handlers.Setup(h => h.CreateHandler(It.IsAny<string>())).Returns(handler);
        var clock = TimeProvider.System;
        var sender = new WebhookSender(handlers.Object, new WebhookRequestBuilder(new WebhookBodyRenderer(), new StandardWebhookSigner(clock)), options, clock);
        using var delivery = new WebhookDelivery(sender, failed.Object, options, new NamedEndpointMatcher(options), clock, metrics: metrics);

        delivery.Deliver(WebhookSamples.Outbound(target));
        // The marker: every case here fails, and the count is made before the failure is reported.
        await Poll.UntilAsync(() => !_failures.IsEmpty, Deadline, () => "the attempt did not end");
        return responses.GetMeasurementSnapshot().Select(m => (string)m.Tags[TelemetryTags.WebhookStatusClass]!).ToArray();
    }
}
