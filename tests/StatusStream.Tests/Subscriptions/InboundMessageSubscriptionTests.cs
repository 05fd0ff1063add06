using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

/// <summary>
/// Subscriptions with filter kind inbound-message (adidas API guidelines meet GOV.UK Notify): they receive the text messages their
/// namespace's services receive, narrowed by service, and never statuses; subscriptions to statuses never receive
/// messages. The embedded cluster in, a real receiver out.
/// </summary>
public sealed class InboundMessageSubscriptionTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Route_InboundMessageSubscription_GetsItsNamespacesMessagesInHalEnvelope_StatusSubscriptionsNever()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var messages = await api.CreateAsync(SubscriptionTestHost.CityKey,
            new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/messages", filter = new { kind = "inbound-message" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey,
            new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/billing-messages", filter = new { kind = "inbound-message", sourceService = "billing" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/statuses" });
        var id = messages.GetProperty("UUID").GetString()!;
        Assert.Equal("inbound-message", messages.GetProperty("filter").GetProperty("kind").GetString());
        var callback = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var reader = new TopicReader(kafka, callback);
        using var producer = kafka.CreateProducer();
        var message = SampleInboundMessages.Kafka(callback, service: "parking");
        var (_, statusEvent) = SubscriptionEvents.From("city", "parking", callback);

        SampleEvents.Produce(producer, topics.Inbound, message.Json);
        SampleEvents.Produce(producer, topics.Input, statusEvent);
        producer.Flush();
        await reader.WaitForAsync(callback, 2, Deadline);
        await Poll.UntilAsync(() => receiver.Received.Count >= 2, Deadline, () => $"{receiver.Received.Count} callbacks");
        await Poll.UntilAsync(() => api.Host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{api.Host.Pipeline.InFlightStatuses} in flight");

        // The service's own callback got the message as always; the message subscription a hal copy; the status subscription the status only.
        Assert.Single(reader.On(callback), r => SampleEvents.Header(r, InboundMessageHeaders.MessageId) == message.Id.ToString("D"));
        Assert.Equal(["/messages", "/statuses"], receiver.Received.Select(r => r.PathAndQuery).Order());
        var copy = receiver.Received.Single(r => r.PathAndQuery == "/messages");
        Assert.Equal("application/hal+json", copy.Header("Content-Type"));
        using var body = JsonDocument.Parse(copy.Body);
        Assert.Equal(id, body.RootElement.GetProperty("UUID").GetString());
        Assert.Equal($"/subscriptions/{id}", body.RootElement.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
        Assert.Equal(message.ExpectedBody, body.RootElement.GetProperty("inboundMessage").GetRawText());
        Assert.Equal(message.Id.ToString("D"), copy.Header("webhook-id"));
        new StandardWebhook(messages.GetProperty("signingSecret").GetString()!).Verify(copy.BodyText, new HeaderDictionary
        {
            ["webhook-id"] = copy.Header("webhook-id"),
            ["webhook-timestamp"] = copy.Header("webhook-timestamp"),
            ["webhook-signature"] = copy.Header("webhook-signature"),
        });
        var status = receiver.Received.Single(r => r.PathAndQuery == "/statuses");
        Assert.True(JsonDocument.Parse(status.Body).RootElement.TryGetProperty("status", out _), Encoding.UTF8.GetString(status.Body));
    }

    [Fact]
    public async Task Route_InboundMessageStreamSubscription_CopyOnTheStreamTopicWithSubscriptionId()
    {
        var topics = PipelineTopics.Create(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka));
        var stream = SubscriptionEvents.CallbackTopic(kafka, "city");
        var created = await api.CreateAsync(SubscriptionTestHost.CityKey,
            new { mode = "only-once", callbackTopic = stream, filter = new { kind = "inbound-message", sourceService = "parking" } });
        var callback = SubscriptionEvents.CallbackTopic(kafka, "city");
        using var reader = new TopicReader(kafka, stream, callback);
        using var producer = kafka.CreateProducer();
        var first = SampleInboundMessages.Kafka(callback, service: "parking");
        var second = SampleInboundMessages.Kafka(callback, service: "parking");

        SampleEvents.Produce(producer, topics.Inbound, first.Json, key: "same-key");
        SampleEvents.Produce(producer, topics.Inbound, second.Json, key: "same-key");
        producer.Flush();
        await reader.WaitForAsync(callback, 2, Deadline);
        await reader.WaitForAsync(stream, 1, Deadline);
        await Poll.UntilAsync(() => api.Host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{api.Host.Pipeline.InFlightStatuses} in flight");

        // Only-once: the first message only, as the service's own callback has it, named by the subscription.
        var copy = Assert.Single(reader.On(stream));
        Assert.Equal(first.ExpectedBody, Encoding.UTF8.GetString(copy.Message.Value));
        Assert.Equal(created.GetProperty("UUID").GetString(), SampleEvents.Header(copy, StatusHeaders.SubscriptionId));
        Assert.Equal(InboundMessageHeaders.ContentType, SampleEvents.Header(copy, StatusHeaders.ContentType));
    }
}
