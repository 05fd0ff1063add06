using System.Text.Json;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Expansion;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class OspEventFormatTests
{
    private static readonly string[] BodyKeys = ["tenantId", "referenceId", "transactionId", "notificationType", "payLoad", "timestamp"];
    private static readonly string[] OspNotificationTypes = ["NODE_EVENT", "WORKFLOW_EVENT", "TRANSACTION_EVENT", "CASE_EVENT"];
    private static readonly string[] OspTransactionStates = ["CREATED", "STARTED", "PASSED", "FAILED", "INVALID", "EXPIRED"];
    private readonly OspEventFormat _format = new();

    [Fact]
    public void Render_Status_HasOspKeysTypesAndContentType()
    {
        var body = _format.Render(WebhookSamples.Detailed(), WebhookSamples.Context(new WebhookFormatSettings { OspTenantId = "tenant-42" }));
        var json = WebhookSamples.Parse(body);

        Assert.Equal("application/json;charset=UTF-8", body.ContentType);
        Assert.Equal(BodyKeys, WebhookSamples.KeysOf(json));
        Assert.Equal("tenant-42", json.GetProperty("tenantId").GetString());
        Assert.Equal(WebhookSamples.Recipient.ToString(), json.GetProperty("referenceId").GetString());
        Assert.Equal($"{WebhookSamples.EventId}:{WebhookSamples.Recipient}", json.GetProperty("transactionId").GetString());
        Assert.Contains(json.GetProperty("notificationType").GetString(), OspNotificationTypes);
        Assert.Equal("TRANSACTION_EVENT", json.GetProperty("notificationType").GetString());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("payLoad").ValueKind);
        Assert.Equal("2017-05-14T12:16:00.000Z", json.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Render_TransactionId_IsTheStatusId()
    {
        var status = WebhookSamples.Bare();

        var json = WebhookSamples.Parse(_format.Render(status, WebhookSamples.Context()));

        Assert.Equal(status.StatusId, json.GetProperty("transactionId").GetString());
    }

    [Fact]
    public void Render_PayLoad_CarriesTheCityOsStatusUnderItsOwnNamesPlusStatusAndReference()
    {
        var status = WebhookSamples.Detailed(success: false, deliveryState: "permanent-failure");

        var payLoad = WebhookSamples.Parse(_format.Render(status, WebhookSamples.Context())).GetProperty("payLoad");

        Assert.Equal(["status", "event_id", "recipient", "success", "error", "provider", "reference"], WebhookSamples.KeysOf(payLoad));
        Assert.Equal("FAILED", payLoad.GetProperty("status").GetString());
        Assert.Equal("12345678", payLoad.GetProperty("reference").GetString());
        using var cityOsStatus = JsonDocument.Parse(NotificationStatusJson.Serialize(status));
        foreach (var property in cityOsStatus.RootElement.EnumerateObject())
        {
            Assert.Equal(property.Value.GetRawText(), payLoad.GetProperty(property.Name).GetRawText());
        }
    }

    [Theory]
    [InlineData(true, "PASSED")]
    [InlineData(false, "FAILED")]
    public void Render_PayLoadStatus_IsAnOspTransactionState(bool success, string expected)
    {
        var payLoad = WebhookSamples.Parse(_format.Render(WebhookSamples.Bare(success), WebhookSamples.Context())).GetProperty("payLoad");

        Assert.Equal(expected, payLoad.GetProperty("status").GetString());
        Assert.Contains(expected, OspTransactionStates);
    }

    [Fact]
    public void Render_NoReference_PayLoadOmitsIt()
    {
        var payLoad = WebhookSamples.Parse(_format.Render(WebhookSamples.Bare(), WebhookSamples.Context())).GetProperty("payLoad");

        Assert.False(payLoad.TryGetProperty("reference", out _));
    }

    [Fact]
    public void Render_NoTenantSetting_UsesSourceNamespace()
    {
        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Detailed(), WebhookSamples.Context()));

        Assert.Equal("billing", json.GetProperty("tenantId").GetString());
    }

    [Fact]
    public void Render_NoTenantSettingNoSource_SendsEmptyTenantId()
    {
        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Bare(), WebhookSamples.Context()));

        Assert.Equal(JsonValueKind.String, json.GetProperty("tenantId").ValueKind);
        Assert.Equal("", json.GetProperty("tenantId").GetString());
    }

    [Fact]
    public void Render_NoOccurredAt_TimestampIsReceivedTimeWithMillisecondsInUtc()
    {
        var context = new WebhookRenderContext(new DateTimeOffset(2022, 8, 12, 19, 12, 16, 827, TimeSpan.FromHours(9)), WebhookFormatSettings.None);

        var json = WebhookSamples.Parse(_format.Render(WebhookSamples.Bare(), context));

        // The form of the dates in OSP's own example ("2022-08-12T10:12:16.827Z").
        Assert.Equal("2022-08-12T10:12:16.827Z", json.GetProperty("timestamp").GetString());
        Assert.Equal(context.ReceivedAt, json.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public void Render_SameInputTwice_SameBytes()
    {
        var status = WebhookSamples.Detailed();
        var context = WebhookSamples.Context(new WebhookFormatSettings { OspTenantId = "t" });

        Assert.Equal(_format.Render(status, context).Content, _format.Render(status, context).Content);
    }

    [Fact]
    public void Render_NonAsciiError_StaysReadableAndValidJson()
    {
        var status = new NotificationStatus(WebhookSamples.EventId, WebhookSamples.Recipient, false, "宛先不明 \"x\" <b>", "sms");

        var body = _format.Render(status, WebhookSamples.Context());

        Assert.Equal("宛先不明 \"x\" <b>", WebhookSamples.Parse(body).GetProperty("payLoad").GetProperty("error").GetString());
        Assert.True(body.Content.AsSpan().IndexOf("宛先不明"u8) >= 0, "non-ASCII text is written as UTF-8, not as \\u escapes");
    }
}
