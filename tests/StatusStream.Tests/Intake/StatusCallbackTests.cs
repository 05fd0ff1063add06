using StatusStream.Intake;
using StatusStream.Routing;

namespace StatusStream.Tests.Intake;

public sealed class StatusCallbackTests
{
    private const string SecretUrl = "https://hook-user:hook-secret@receiver.example/status/cb?token=abc123";

    [Fact]
    public void DisplayTarget_Webhook_DropsUserInfoAndQuery() =>
        Assert.Equal("https://receiver.example/status/cb", new StatusCallback(CallbackType.Webhook, SecretUrl).DisplayTarget);

    [Fact]
    public void DisplayTarget_Topic_AsItIs() =>
        Assert.Equal("mobility.ride-booking-callback", new StatusCallback(CallbackType.Kafka, "mobility.ride-booking-callback").DisplayTarget);

    [Fact]
    public void DisplayTarget_UnparsableUrl_NotEchoed() =>
        Assert.Equal("(unparsable url)", new StatusCallback(CallbackType.Webhook, "not a url secret").DisplayTarget);

    [Fact]
    public void ToString_Webhook_ShowsOnlyTheDisplayTarget()
    {
        var subscription = Guid.Parse("0b4e7a52-8f43-4c1a-9a43-7c1f0c6a9d11");
        var text = new StatusCallback(CallbackType.Webhook, SecretUrl, subscription).ToString();
        Assert.Equal($"StatusCallback {{ Type = Webhook, Target = https://receiver.example/status/cb, Subscription = {subscription} }}", text);
    }

    [Fact]
    public void ToString_OfARecordHoldingIt_KeepsTheSecretOut()
    {
        var text = new ResolvedTarget(new StatusCallback(CallbackType.Webhook, SecretUrl), Refusal: null).ToString();
        Assert.Contains("receiver.example/status/cb", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", text, StringComparison.Ordinal);
    }
}
