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

    [Fact]
    public void ParseList_NotCidr_ThrowsNamingTheEntry()
    {
        var e = Assert.Throws<FormatException>(() => WebhookAddressRules.ParseList("10.0.0.0/8, nonsense"));

        Assert.Contains("'nonsense'", e.Message, StringComparison.Ordinal);
    }
}
