using StatusStream.Subscriptions;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

public sealed class ApiKeyRingTests
{
    [Fact]
    public void NamespaceOf_ConfiguredDigests_TheKeysNamespace_OthersNull()
    {
        var ring = Create(new Dictionary<string, string>
        {
            ["city"] = $"{SubscriptionTestHost.Digest("new-city-key")} sha256:{SubscriptionTestHost.Digest("old-city-key").ToUpperInvariant()}",
            ["parking"] = SubscriptionTestHost.Digest("parking-key"),
        });

        Assert.Equal("city", ring.NamespaceOf("new-city-key"));
        Assert.Equal("city", ring.NamespaceOf("old-city-key"));
        Assert.Equal("parking", ring.NamespaceOf("parking-key"));
        Assert.Null(ring.NamespaceOf("parking-key "));
        Assert.Null(ring.NamespaceOf(SubscriptionTestHost.Digest("parking-key")));
        Assert.Null(ring.NamespaceOf(""));
    }

    [Fact]
    public void TryCreate_PlainKeyInsteadOfDigest_FailsNamingTheSettingWithoutTheValue()
    {
        Assert.False(ApiKeyRing.TryCreate(new Dictionary<string, string> { ["city"] = "my-plain-api-key" }, out _, out var errors));

        var error = Assert.Single(errors);
        Assert.Contains("Subscriptions:ApiKeys:city", error, StringComparison.Ordinal);
        Assert.DoesNotContain("my-plain-api-key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NamespaceNotADnsLabel_Fails()
    {
        Assert.False(ApiKeyRing.TryCreate(new Dictionary<string, string> { ["City_Ops"] = SubscriptionTestHost.Digest("k") }, out _, out var errors));

        Assert.Contains("Subscriptions:ApiKeys:City_Ops", Assert.Single(errors), StringComparison.Ordinal);
    }

    private static ApiKeyRing Create(Dictionary<string, string> configured)
    {
        Assert.True(ApiKeyRing.TryCreate(configured, out var ring, out var errors), string.Join(" ", errors));
        return ring;
    }
}
