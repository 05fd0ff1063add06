using StatusStream.Delivery.Webhooks;

namespace StatusStream.Tests.Delivery.Webhooks;

public sealed class SecretTextTests
{
    private sealed record HolderForTest(string Name, SecretText Token);

    [Fact]
    public void ToString_AnyWayItIsPrinted_Redacted()
    {
        var secret = new SecretText("tok-1234567890");
        var holder = new HolderForTest("notify", secret);

        var printed = $"{secret} {secret.ToString()} {holder} {string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", secret)}";

        Assert.DoesNotContain("tok-1234567890", printed, StringComparison.Ordinal);
        Assert.Contains("[redacted]", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Reveal_ReturnsTheValue() => Assert.Equal("tok-1234567890", new SecretText("tok-1234567890").Reveal());

    [Fact]
    public void Constructor_Empty_Throws() => Assert.Throws<ArgumentException>(() => new SecretText(""));
}
