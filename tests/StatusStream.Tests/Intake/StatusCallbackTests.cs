using StatusStream.Intake;
using StatusStream.Routing;

namespace StatusStream.Tests.Intake;

public sealed class StatusCallbackTests
{
    private const string SecretUrl = "https://hook-user:hook-secret@receiver.example/status/cb?token=abc123";

    [Fact]
    public void DisplayTarget_Webhook_OnlySchemeHostAndPort() =>
        Assert.Equal("https://receiver.example", new StatusCallback(CallbackType.Webhook, SecretUrl).DisplayTarget);

    [Theory]
    [InlineData("https://hooks.chat.example/services/T0/B0/path-secret-123", "https://hooks.chat.example")]
    [InlineData("http://127.0.0.1:8080/cb", "http://127.0.0.1:8080")]
    [InlineData("https://[::1]:8443/x?y=z#f", "https://[::1]:8443")]
    public void DisplayTarget_Webhook_NoPathEither(string url, string shown) =>
        Assert.Equal(shown, new StatusCallback(CallbackType.Webhook, url).DisplayTarget);

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
        Assert.Equal($"StatusCallback {{ Type = Webhook, Target = https://receiver.example, Subscription = {subscription} }}", text);
    }

    [Fact]
    public void ToString_OfARecordHoldingIt_KeepsTheSecretOut()
    {
        var text = new ResolvedTarget(new StatusCallback(CallbackType.Webhook, SecretUrl), Refusal: null).ToString();
        Assert.Contains("receiver.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/status/cb", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", text, StringComparison.Ordinal);
    }
}
