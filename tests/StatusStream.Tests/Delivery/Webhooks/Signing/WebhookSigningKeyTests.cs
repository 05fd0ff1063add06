using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Tests.Delivery.Webhooks.Signing;

public sealed class WebhookSigningKeyTests
{
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void TryParse_PrefixedBase64OfAllowedLength_Key(int bytes)
    {
        Assert.True(WebhookSigningKey.TryParse(Secret(bytes), out var key));
        Assert.Equal(bytes, key.KeyBytes.Length);
    }

    [Fact]
    public void TryParse_SpecificationVectorSecret_Key() => Assert.True(WebhookSigningKey.TryParse(VectorSecret, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")] // no prefix
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not base64 at all!")]
    [InlineData("whsec_")]
    public void TryParse_NotAWhsecSecret_False(string? secret) => Assert.False(WebhookSigningKey.TryParse(secret, out _));

    [Theory]
    [InlineData(16)]
    [InlineData(23)]
    [InlineData(65)]
    [InlineData(128)]
    public void TryParse_KeyOutsideTheSpecificationsLengths_False(int bytes) => Assert.False(WebhookSigningKey.TryParse(Secret(bytes), out _));

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        Assert.True(WebhookSigningKey.TryParse(VectorSecret, out var key));

        var shown = $"{key} {key.ToString()} {string.Join(",", new[] { key })}";

        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", shown, StringComparison.Ordinal);
        Assert.Contains("redacted", shown, StringComparison.Ordinal);
    }

    internal static string Secret(int bytes, int seed = 1)
    {
        var key = new byte[bytes];
        new Random(seed).NextBytes(key);
        return WebhookSigningKey.Prefix + Convert.ToBase64String(key);
    }
}
