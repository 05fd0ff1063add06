using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StandardWebhooks;
using StatusStream.Delivery.Webhooks;
using StatusStream.Records;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

/// <summary>
/// Statuses reaching subscriptions end to end: the embedded cluster in, real receivers out. Events of one
/// test share a key, so they are processed in the order produced; a last "sentinel" event that a catch-all
/// subscription receives proves everything before it has been routed, and nothing left in flight proves every
/// routed status has been answered, so "nothing else arrived" is checked, not assumed.
/// </summary>
public sealed class SubscriptionRoutingTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Route_ContinuousWebhookAndInlineCallback_BothGetEveryStatus_HalBodySignedWithTheSubscriptionsSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var created = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/city" });
        var id = created.GetProperty("UUID").GetString()!;
        var secret = created.GetProperty("signingSecret").GetString()!;
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var reader = new TopicReader(kafka, inline);
        using var producer = kafka.CreateProducer();
        using var delivered = new MetricCollector<long>(api.Host.Services.GetRequiredService<IMeterFactory>(), StatusStreamMetrics.MeterName, StatusStreamMetrics.StatusesDelivered);

        var (eventId, json) = SubscriptionEvents.From("city", "parking", inline, successes: [true, false]);
        SampleEvents.Produce(producer, topics.Input, json);
        producer.Flush();
        await reader.WaitForAsync(inline, 2, Deadline);
        await Poll.UntilAsync(() => receiver.Received.Count >= 2, Deadline, () => $"{receiver.Received.Count} callbacks");

        Assert.All(reader.On(inline), r => Assert.Equal("", SampleEvents.Header(r, StatusHeaders.SubscriptionId)));
        Assert.All(receiver.Received, request =>
        {
            Assert.Equal("/city", request.PathAndQuery);
            Assert.Equal("application/hal+json", request.Header("Content-Type"));
            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.Equal($"/subscriptions/{id}", body.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
            Assert.Equal(id, body.GetProperty("UUID").GetString());
            Assert.Equal(eventId, body.GetProperty("status").GetProperty("event_id").GetGuid());
            new StandardWebhook(secret).Verify(request.BodyText, new HeaderDictionary
            {
                ["webhook-id"] = request.Header("webhook-id"),
                ["webhook-timestamp"] = request.Header("webhook-timestamp"),
                ["webhook-signature"] = request.Header("webhook-signature"),
            });
        });
        Assert.Equal(2, receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("status").GetProperty("success").GetBoolean()).Distinct().Count());
        // The metric tells the subscription's callbacks from the inline ones.
        long Counted(string kind) => delivered.GetMeasurementSnapshot().Where(m => Equals(m.Tags[TelemetryTags.RouteKind], kind)).Sum(m => m.Value);
        await Poll.UntilAsync(() => Counted("subscription") == 2 && Counted("kafka") == 2, Deadline,
            () => $"subscription {Counted("subscription")}, kafka {Counted("kafka")}");
    }

    [Fact]
    public async Task Route_OtherNamespacesEvents_NeverReachASubscription_WhateverItsFilterSays()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        await api.CreateAsync(SubscriptionTestHost.ParkingKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/parking" });
        using var producer = kafka.CreateProducer();
        var city = SubscriptionEvents.CallbackTopic(kafka, "city");
        var parking = SubscriptionEvents.CallbackTopic(kafka, "parking");

        // From city with a source; from city by its callback topic only; from city naming parking's topic (the source decides).
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", city).Json, key: "k");
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From(null, "x", city).Json, key: "k");
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "billing", parking).Json, key: "k");
        var (own, ownJson) = SubscriptionEvents.From(null, "x", parking);
        SampleEvents.Produce(producer, topics.Input, ownJson, key: "k");
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, Deadline, () => "parking's own status did not arrive");

        var only = Assert.Single(receiver.Received);
        Assert.Equal(own, JsonDocument.Parse(only.Body).RootElement.GetProperty("status").GetProperty("event_id").GetGuid());
    }

    [Fact]
    public async Task Route_EachFilter_OnlyMatchingStatusesArrive()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var wanted = Guid.NewGuid();
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/provider", filter = new { provider = "SLACK" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/service", filter = new { sourceService = "billing" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/failure", filter = new { outcome = "failure" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/success", filter = new { outcome = "success", sourceNamespace = "city" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/event", filter = new { eventIds = new[] { wanted } } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/all" });
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var producer = kafka.CreateProducer();

        var slack = SubscriptionEvents.From("city", "parking", inline, provider: "slack");                      // provider, success, all
        var billing = SubscriptionEvents.From("city", "billing", inline, successes: [false]);                   // service, failure, all
        var mixed = SubscriptionEvents.From("city", "parking", inline, successes: [true, false, true]);          // failure x1, success x2, all x3
        var byId = SubscriptionEvents.From("city", "parking", inline, eventId: wanted, successes: [false]);      // event, failure, all
        foreach (var (_, json) in new[] { slack, billing, mixed, byId })
        {
            SampleEvents.Produce(producer, topics.Input, json, key: "k");
        }

        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.PathAndQuery == "/all") >= 6, Deadline, () => $"{receiver.Received.Count} callbacks");
        await Poll.UntilAsync(() => receiver.Received.Count >= 15, Deadline, () => $"{receiver.Received.Count} of 15 callbacks");
        await Poll.UntilAsync(() => api.Host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{api.Host.Pipeline.InFlightStatuses} statuses in flight");

        Guid[] Events(string path) => [.. receiver.Received.Where(r => r.PathAndQuery == path)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("status").GetProperty("event_id").GetGuid()).Order()];
        Assert.Equal([slack.EventId], Events("/provider"));
        Assert.Equal([billing.EventId], Events("/service"));
        Assert.Equal(new[] { billing.EventId, mixed.EventId, byId.EventId }.Order(), Events("/failure"));
        Assert.Equal(new[] { slack.EventId, mixed.EventId, mixed.EventId }.Order(), Events("/success"));
        Assert.Equal([wanted], Events("/event"));
        Assert.Equal(15, receiver.Received.Count);
    }

    [Fact]
    public async Task Route_OnlyOnce_StaysAfterAFailedDelivery_EndsAfterTheFirstSuccessfulOne()
    {
        await using var once = await WebhookReceiver.StartAsync();
        await using var sentinel = await WebhookReceiver.StartAsync();
        once.Respond(403, 200, 200);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var id = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "only-once", callbackUrl = once.BaseUrl + "/once" })).GetProperty("UUID").GetString();
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = sentinel.BaseUrl + "/all" });
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var producer = kafka.CreateProducer();

        // First: refused (403 problem+json is permanent) -> dead-lettered, and the subscription stays.
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json, key: "k");
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        Assert.Equal(WebhookFailureClassifier.RefusedByReceiverReason, SampleEvents.Header(reader.On(topics.DeadLetter)[0], DeadLetterHeaders.Reason));
        Assert.Equal(id, SampleEvents.Header(reader.On(topics.DeadLetter)[0], StatusHeaders.SubscriptionId));
        using (var stillThere = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        }

        // Second: a multicast of 3; only-once takes one status, delivered -> the subscription ends.
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline, successes: [true, true, true]).Json, key: "k");
        producer.Flush();
        await Poll.UntilAsync(() => once.Received.Count >= 2, Deadline, () => $"{once.Received.Count} callbacks");
        await Poll.UntilAsync(() => api.Store.Find("city", Guid.Parse(id!)) is null, Deadline, () => "the subscription did not end");

        // Third, and the sentinel: nothing more for the ended subscription.
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json, key: "k");
        var last = SubscriptionEvents.From("city", "parking", inline);
        SampleEvents.Produce(producer, topics.Input, last.Json, key: "k");
        producer.Flush();
        await Poll.UntilAsync(() => sentinel.Received.Any(r => r.BodyText.Contains(last.EventId.ToString(), StringComparison.Ordinal)), Deadline, () => "no sentinel");
        await Poll.UntilAsync(() => api.Host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{api.Host.Pipeline.InFlightStatuses} statuses in flight");

        Assert.Equal([403, 200], once.Received.OrderBy(r => r.Number).Select(r => r.Answered));
        using var gone = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Route_Cancelled_ReceivesNothingMore()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var id = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/cancelled" })).GetProperty("UUID").GetString();
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/all" });
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var producer = kafka.CreateProducer();
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json, key: "k");
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.PathAndQuery == "/cancelled") == 1, Deadline, () => "first status did not arrive");

        using var cancel = await api.SendAsync(HttpMethod.Put, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json, key: "k");
        var last = SubscriptionEvents.From("city", "parking", inline);
        SampleEvents.Produce(producer, topics.Input, last.Json, key: "k");
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.PathAndQuery == "/all") == 3, Deadline, () => "the catch-all did not get all 3");
        await Poll.UntilAsync(() => api.Host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{api.Host.Pipeline.InFlightStatuses} statuses in flight");

        Assert.Contains(receiver.Received, r => r.PathAndQuery == "/all" && r.BodyText.Contains(last.EventId.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, receiver.Received.Count(r => r.PathAndQuery == "/cancelled"));
    }

    [Fact]
    public async Task Route_StreamingSubscription_StatusesOnItsTopicWithTheSubscriptionIdHeader()
    {
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var stream = SubscriptionEvents.CallbackTopic(kafka, "city");
        var created = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackTopic = stream, filter = new { outcome = "failure" } });
        Assert.Equal(stream, created.GetProperty("topic").GetString());
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var reader = new TopicReader(kafka, stream, inline);
        using var producer = kafka.CreateProducer();

        var (eventId, json) = SubscriptionEvents.From("city", "parking", inline, successes: [true, false, false]);
        SampleEvents.Produce(producer, topics.Input, json);
        producer.Flush();
        await reader.WaitForAsync(inline, 3, Deadline);
        await reader.WaitForAsync(stream, 2, Deadline);

        Assert.All(reader.On(stream), record =>
        {
            Assert.Equal(created.GetProperty("UUID").GetString(), SampleEvents.Header(record, StatusHeaders.SubscriptionId));
            var status = JsonDocument.Parse(record.Message.Value).RootElement;
            Assert.Equal(eventId, status.GetProperty("event_id").GetGuid());
            Assert.False(status.GetProperty("success").GetBoolean());
        });
        Assert.Equal(eventId.ToString(), Encoding.UTF8.GetString(reader.On(stream)[0].Message.Key));
    }

    [Fact]
    public async Task Route_Receiver410_DisablesTheSubscription()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(410);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var id = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/gone" })).GetProperty("UUID").GetString();
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        await Poll.UntilAsync(() => api.Store.Find("city", Guid.Parse(id!))?.State == StatusStream.Subscriptions.SubscriptionState.Disabled,
            Deadline, () => "not disabled");

        Assert.Equal(WebhookFailureClassifier.ReceiverGoneReason, SampleEvents.Header(reader.On(topics.DeadLetter)[0], DeadLetterHeaders.Reason));
        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        Assert.Equal("disabled", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
    }
}
