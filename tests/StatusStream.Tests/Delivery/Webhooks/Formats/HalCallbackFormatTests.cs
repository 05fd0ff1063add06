using System.Text.Json;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Expansion;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class HalCallbackFormatTests
{
    private readonly HalCallbackFormat _format = new();

    [Fact]
    public void Render_Subscription_HasAdidasGuidelinesShapeWithTheStatusInside()
    {
        var status = WebhookSamples.Bare(success: false);
        var body = _format.Render(status, WebhookSamples.Context(subscription: new HalSubscriptionLink("/items/tasks/4746", "4746", "a status of your subscription")));
        var json = WebhookSamples.Parse(body);

        Assert.Equal("application/hal+json", body.ContentType);
        Assert.Equal(["_links", "UUID", "message", "status"], WebhookSamples.KeysOf(json));
        Assert.Equal(["self"], WebhookSamples.KeysOf(json.GetProperty("_links")));
        Assert.Equal(["href"], WebhookSamples.KeysOf(json.GetProperty("_links").GetProperty("self")));
        Assert.Equal("/items/tasks/4746", json.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
        Assert.Equal("4746", json.GetProperty("UUID").GetString());
        Assert.Equal("a status of your subscription", json.GetProperty("message").GetString());
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(NotificationStatusJson.Serialize(status)).RootElement),
            JsonSerializer.Serialize(json.GetProperty("status")));
    }

    [Fact]
    public void Render_NoMessage_OmitsIt()
    {
        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Bare(), WebhookSamples.Context(subscription: new HalSubscriptionLink("/s/1", "1"))));

        Assert.Equal(["_links", "UUID", "status"], WebhookSamples.KeysOf(json));
    }

    [Fact]
    public void Render_NoSubscription_Throws()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => _format.Render(WebhookSamples.Bare(), WebhookSamples.Context()));

        Assert.Contains("Subscription", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameInputTwice_SameBytes()
    {
        var context = WebhookSamples.Context(subscription: new HalSubscriptionLink("/s/1", "1", "m"));

        Assert.Equal(_format.Render(WebhookSamples.Bare(), context).Content, _format.Render(WebhookSamples.Bare(), context).Content);
    }
}
