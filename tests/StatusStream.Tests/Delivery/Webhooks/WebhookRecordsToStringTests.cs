using StatusStream.Commit;
using StatusStream.Delivery.Webhooks;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>The webhook path's records print their URL only as it may be shown: scheme, host and port.</summary>
public sealed class WebhookRecordsToStringTests
{
    private const string SecretUrl = "https://hook-user:hook-secret@receiver.example/status/cb?token=abc123";

    [Fact]
    public void WebhookTarget_ToString_KeepsTheCredentialsOut() =>
        AssertShownWithoutCredentials(new WebhookTarget(SecretUrl, "tenant", new Uri(SecretUrl), Endpoint: null!).ToString());

    [Fact]
    public void SubscriptionWebhook_ToString_KeepsTheUrlOut()
    {
        var text = new SubscriptionWebhook(SecretUrl, StatusStream.Delivery.Webhooks.Formats.WebhookProfile.Hal,
            new StatusStream.Delivery.Webhooks.Formats.HalSubscriptionLink("https://api.example/subscriptions/1", "1"), []).ToString();
        Assert.DoesNotContain("receiver.example", text, StringComparison.Ordinal);
        Assert.Contains("api.example/subscriptions/1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WebhookWork_ToString_KeepsTheCredentialsOut()
    {
        var status = WebhookSamples.Bare();
        var outbound = new OutboundStatus(status, payload: null, new StatusCallback(CallbackType.Webhook, SecretUrl),
            new InputOrigin("notification.events", 0, 0, DateTimeOffset.UnixEpoch), null, new OffsetLedger().Track("notification.events", 0, 0, 1));

        var text = new WebhookWork(outbound, new Uri(SecretUrl)).ToString();

        AssertShownWithoutCredentials(text);
        Assert.Contains(status.StatusId, text, StringComparison.Ordinal);
    }

    private static void AssertShownWithoutCredentials(string text)
    {
        Assert.Contains("https://receiver.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/status/cb", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", text, StringComparison.Ordinal);
    }
}
