using System.Text.Json;
using System.Text.RegularExpressions;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed partial class GovUkNotifyReceiptFormatTests
{
    private static readonly string[] ReceiptKeys = ["id", "reference", "to", "status", "created_at", "completed_at", "sent_at", "notification_type"];
    private readonly GovUkNotifyReceiptFormat _format = new();

    [Fact]
    public void Render_DetailedStatus_HasGovUkNotifyKeysTypesAndValues()
    {
        var status = WebhookSamples.Detailed();
        var body = _format.Render(status, WebhookSamples.Context());
        var json = WebhookSamples.Parse(body);

        Assert.Equal("application/json", body.ContentType);
        Assert.Equal(ReceiptKeys, WebhookSamples.KeysOf(json));
        Assert.Equal(GovUkNotifyReceiptFormat.ReceiptIdOf(status), json.GetProperty("id").GetGuid());
        Assert.Equal("12345678", json.GetProperty("reference").GetString());
        Assert.Equal("hello@gov.uk", json.GetProperty("to").GetString());
        Assert.Equal("delivered", json.GetProperty("status").GetString());
        Assert.Equal("2017-05-14T12:15:30.250456Z", json.GetProperty("created_at").GetString());
        Assert.Equal("2017-05-14T12:16:00.000000Z", json.GetProperty("completed_at").GetString());
        Assert.Equal("2017-05-14T12:15:45.005000Z", json.GetProperty("sent_at").GetString());
        Assert.Equal("email", json.GetProperty("notification_type").GetString());
    }

    [Fact]
    public void Render_Timestamps_AreExactlyGovUkNotifysForm()
    {
        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Detailed(), WebhookSamples.Context()));

        foreach (var key in new[] { "created_at", "completed_at", "sent_at" })
        {
            Assert.Matches(GovUkNotifyTimestamp(), json.GetProperty(key).GetString());
        }

        Assert.Matches(GovUkNotifyTimestamp(), "2017-05-14T12:15:30.000000Z"); // GOV.UK Notify's own example
    }

    [Fact]
    public void Render_BareStatus_FallsBackAsDocumented()
    {
        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Bare(), WebhookSamples.Context()));

        Assert.Equal(ReceiptKeys, WebhookSamples.KeysOf(json));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reference").ValueKind);
        Assert.Equal(WebhookSamples.Recipient.ToString(), json.GetProperty("to").GetString());
        Assert.Equal("delivered", json.GetProperty("status").GetString());
        Assert.Equal("2026-11-25T10:00:00.123000Z", json.GetProperty("created_at").GetString());
        Assert.Equal("2026-11-25T10:00:00.123000Z", json.GetProperty("completed_at").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sent_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("notification_type").ValueKind); // provider "slack" is none of Notify's types
    }

    [Theory]
    [InlineData(true, null, "delivered")]
    [InlineData(false, null, "technical-failure")]
    [InlineData(true, "delivered", "delivered")]
    [InlineData(false, "permanent-failure", "permanent-failure")]
    [InlineData(false, "temporary-failure", "temporary-failure")]
    [InlineData(false, "technical-failure", "technical-failure")]
    [InlineData(true, "permanent-failure", "delivered")] // contradicts success: success wins
    [InlineData(false, "delivered", "technical-failure")]
    [InlineData(false, "bounced", "technical-failure")] // not one of Notify's states
    public void Render_Status_FromDeliveryStateWhenItAgreesWithSuccess(bool success, string? deliveryState, string expected)
    {
        var status = WebhookSamples.Bare(success) with { Details = new StatusDetails(DeliveryState: deliveryState) };

        var json = WebhookSamples.Parse(_format.Render(status, WebhookSamples.Context()));

        Assert.Equal(expected, json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("sms", "slack", "sms")]
    [InlineData("LETTER", "slack", "letter")]
    [InlineData(null, "Email", "email")]
    [InlineData(null, "SMS", "sms")]
    [InlineData("push", "sms", "sms")]
    [InlineData(null, "slack", null)]
    public void Render_NotificationType_FromDetailsElseProvider(string? notificationType, string provider, string? expected)
    {
        var status = WebhookSamples.Bare(provider: provider) with { Details = new StatusDetails(NotificationType: notificationType) };

        var json = WebhookSamples.Parse(_format.Render(status, WebhookSamples.Context()));

        Assert.Equal(expected, json.GetProperty("notification_type").GetString());
    }

    [Fact]
    public void ReceiptIdOf_SameStatus_SameVersion5UuidEveryTime()
    {
        var first = GovUkNotifyReceiptFormat.ReceiptIdOf(WebhookSamples.Bare());
        var retry = GovUkNotifyReceiptFormat.ReceiptIdOf(WebhookSamples.Detailed(success: false, deliveryState: null));

        Assert.Equal(first, retry); // details and outcome do not change the id: it names the (event, recipient) status
        Assert.Equal(5, first.Version);
        Assert.Equal(NameBasedUuid.Create(GovUkNotifyReceiptFormat.ReceiptIdNamespace, System.Text.Encoding.UTF8.GetBytes(WebhookSamples.Bare().StatusId)), first);
    }

    [Fact]
    public void ReceiptIdOf_OtherRecipientOfTheSameEvent_OtherId()
    {
        var other = WebhookSamples.Bare() with { Recipient = Guid.Parse("7d5b7d4e-2f0e-4c1e-9a8d-7c2b9a0e4f11") };

        Assert.NotEqual(GovUkNotifyReceiptFormat.ReceiptIdOf(WebhookSamples.Bare()), GovUkNotifyReceiptFormat.ReceiptIdOf(other));
    }

    [Fact]
    public void Render_SameInputTwice_SameBytes()
    {
        var status = WebhookSamples.Detailed();

        Assert.Equal(_format.Render(status, WebhookSamples.Context()).Content, _format.Render(status, WebhookSamples.Context()).Content);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex GovUkNotifyTimestamp();
}
