using System.Text.Json;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Expansion;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class CityOsStatusFormatTests
{
    private readonly CityOsStatusFormat _format = new();

    [Fact]
    public void Render_AnyStatus_IsCityOsStatusJsonByteForByte()
    {
        var status = WebhookSamples.Detailed(success: false, deliveryState: "permanent-failure");

        var body = _format.Render(status, WebhookSamples.Context());

        Assert.Equal(NotificationStatusJson.Serialize(status), body.Content);
        Assert.Equal("application/json", body.ContentType);
    }

    [Fact]
    public void Render_Status_HasExactlyCityOsKeysAndTypes()
    {
        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Detailed(), WebhookSamples.Context()));

        Assert.Equal(["event_id", "recipient", "success", "error", "provider"], WebhookSamples.KeysOf(json));
        Assert.Equal(WebhookSamples.EventId, json.GetProperty("event_id").GetGuid());
        Assert.Equal(WebhookSamples.Recipient, json.GetProperty("recipient").GetGuid());
        Assert.Equal(JsonValueKind.True, json.GetProperty("success").ValueKind);
        Assert.Equal("", json.GetProperty("error").GetString());
        Assert.Equal("email", json.GetProperty("provider").GetString());
    }
}
