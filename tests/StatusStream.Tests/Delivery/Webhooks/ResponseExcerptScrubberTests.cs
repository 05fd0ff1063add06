using System.Net.Http;
using System.Text.Json;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Secrets a receiver echoes back are gone from the excerpt, in each form an echo may give them.</summary>
public sealed class ResponseExcerptScrubberTests
{
    private const string AccessKey = "ak/with+special=chars";
    private const string BearerToken = "bearer-token-0123456789";
    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SigningBase64 = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SubscriptionBase64 = "c3Vic2NyaXB0aW9uLXNlY3JldC0wMTIzNDU2Nzg5";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    public static TheoryData<string> Echoes => new()
    {
        $"access-key: {AccessKey}",
        JsonSerializer.Serialize(new { headers = new { accessKey = AccessKey } }),
        $"{{\"k\":\"{AccessKey.Replace("/", "\\/", StringComparison.Ordinal)}\"}}",
        $"?key={Uri.EscapeDataString(AccessKey)}",
        $"Authorization: Bearer {BearerToken}",
        $"secret was {SigningSecret}",
        $"subscription secret whsec_{SubscriptionBase64}",
        $"webhook-signature: {Signature}",
        JsonSerializer.Serialize(new { sig = Signature }),
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public void Scrub_EchoedSecret_Redacted(string echo)
    {
        var scrubbed = Scrub(echo);

        Assert.Contains(ResponseExcerptScrubber.Redacted, scrubbed, StringComparison.Ordinal);
        foreach (var secret in new[] { "ak/with", "special=chars", "special\\u003Dchars", "ak%2Fwith", BearerToken, SigningBase64, SubscriptionBase64, "g0hM9SsE" })
        {
            Assert.DoesNotContain(secret, scrubbed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scrub_SecretCutOffAtTheEnd_ItsStartRedactedToo()
    {
        var scrubbed = Scrub("error; your key was " + BearerToken[..12]);

        Assert.Equal("error; your key was " + ResponseExcerptScrubber.Redacted, scrubbed);
    }

    [Fact]
    public void Scrub_NoSecret_TextUnchanged() =>
        Assert.Equal("upstream unavailable: try later", Scrub("upstream unavailable: try later"));

    private static string Scrub(string text)
    {
        Assert.True(WebhookCredentials.TryLoad(new WebhookCredentialsOptions { AccessKey = AccessKey, BearerToken = BearerToken, SigningSecrets = SigningSecret },
            "Webhooks:Endpoints:test", WebhookProfile.CityOs, out var credentials, out _));
        Assert.True(WebhookSigningKey.TryParse("whsec_" + SubscriptionBase64, out var subscriptionKey));
        var subscription = new SubscriptionWebhook("https://receiver.test/hook", WebhookProfile.Hal, new HalSubscriptionLink("/subscriptions/x", Guid.NewGuid().ToString("D")), [subscriptionKey]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://receiver.test/hook");
        request.Headers.TryAddWithoutValidation(StandardWebhookHeaders.SignatureName, Signature);
        return ResponseExcerptScrubber.Scrub(text, credentials, subscription, request);
    }
}
