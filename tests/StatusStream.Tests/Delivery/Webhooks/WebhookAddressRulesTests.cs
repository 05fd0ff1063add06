using System.Net;
using StatusStream.Delivery.Webhooks;

namespace StatusStream.Tests.Delivery.Webhooks;

public sealed class WebhookAddressRulesTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.1.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:169.254.169.254")]
    public void Refusal_AlwaysDeniedAddress_RefusedEvenWithEverythingAllowed(string address)
    {
        var rules = new WebhookAddressRules(new WebhookOptions { AllowLoopback = true, AllowPrivateNetworks = true, AllowedNetworks = "169.254.0.0/16, fe80::/10" });

        Assert.NotNull(rules.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("fd12:3456::1")]
    public void Refusal_LoopbackOrPrivateByDefault_RefusedNamingTheSetting(string address)
    {
        var refusal = new WebhookAddressRules(new WebhookOptions()).Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Matches("Webhooks:Allow(Loopback|PrivateNetworks)", refusal);
    }

    [Fact]
    public void Refusal_PrivateAllowedBySetting_Allowed() =>
        Assert.Null(new WebhookAddressRules(new WebhookOptions { AllowPrivateNetworks = true }).Refusal(IPAddress.Parse("10.1.2.3")));

    [Fact]
    public void Refusal_AllowedNetworkException_AllowedButDeniedNetworksWin()
    {
        var rules = new WebhookAddressRules(new WebhookOptions { AllowedNetworks = "10.20.0.0/16", DeniedNetworks = "10.20.5.0/24" });

        Assert.Null(rules.Refusal(IPAddress.Parse("10.20.1.1")));
        Assert.NotNull(rules.Refusal(IPAddress.Parse("10.20.5.1")));
        Assert.NotNull(rules.Refusal(IPAddress.Parse("10.21.1.1")));
    }

    [Fact]
    public void Refusal_PublicAddress_Allowed() =>
        Assert.Null(new WebhookAddressRules(new WebhookOptions()).Refusal(IPAddress.Parse("93.184.216.34")));

    [Theory]
    // IPv4-compatible (::/96 but :: and ::1)
    [InlineData("::a9fe:a9fe", "169.254.169.254")]
    [InlineData("::127.0.0.1", "127.0.0.1")]
    [InlineData("::10.0.0.1", "10.0.0.1")]
    // IPv4-mapped
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:a9fe:a9fe", "169.254.169.254")]
    // NAT64, well-known prefix and local-use (/96 and the RFC 6052 /48 layout, octet 8 skipped)
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.169.254")]
    [InlineData("64:ff9b::127.0.0.1", "127.0.0.1")]
    [InlineData("64:ff9b::192.168.0.1", "192.168.0.1")]
    [InlineData("64:ff9b:1::a9fe:a9fe", "169.254.169.254")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::", "169.254.169.254")]
    [InlineData("64:ff9b:1:7f00:0:100::", "127.0.0.1")]
    // 6to4: bits 16-47
    [InlineData("2002:a9fe:a9fe::1", "169.254.169.254")]
    [InlineData("2002:7f00:1::", "127.0.0.1")]
    [InlineData("2002:0a00:0001:1::1", "10.0.0.1")]
    // Teredo: the client is the last 32 bits, every bit flipped
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601", "169.254.169.254")]
    [InlineData("2001:0:4136:e378::80ff:fffe", "127.0.0.1")]
    public void Refusal_IPv6CarryingARefusedIPv4_RefusedNamingTheIPv4(string address, string inner)
    {
        var refusal = new WebhookAddressRules(new WebhookOptions()).Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains(inner, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")]
    [InlineData("64:ff9b:1::5db8:d822")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("2001:0:4136:e378::a247:27dd")]
    [InlineData("2606:4700::1111")]
    public void Refusal_IPv6CarryingAPublicIPv4_Allowed(string address) =>
        Assert.Null(new WebhookAddressRules(new WebhookOptions()).Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("::1")]
    public void Refusal_LoopbackAllowed_EmbeddedLoopbackAllowedToo(string address) =>
        Assert.Null(new WebhookAddressRules(new WebhookOptions { AllowLoopback = true }).Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    public void Refusal_UnspecifiedAndLoopbackIPv6_NotReadAsIPv4Compatible(string address)
    {
        var refusal = new WebhookAddressRules(new WebhookOptions()).Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.DoesNotContain("carries", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_DeniedNetworkInIPv4Form_AppliesToTheEmbeddedAddress() =>
        Assert.NotNull(new WebhookAddressRules(new WebhookOptions { DeniedNetworks = "93.184.216.0/24" }).Refusal(IPAddress.Parse("64:ff9b::93.184.216.34")));

    [Fact]
    public void ParseList_NotCidr_ThrowsNamingTheEntry()
    {
        var e = Assert.Throws<FormatException>(() => WebhookAddressRules.ParseList("10.0.0.0/8, nonsense"));

        Assert.Contains("'nonsense'", e.Message, StringComparison.Ordinal);
    }
}
