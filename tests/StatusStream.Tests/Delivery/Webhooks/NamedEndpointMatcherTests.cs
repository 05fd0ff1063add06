using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Which targets get a named endpoint's credentials: scheme, host and port equal, the path at or below the endpoint's by whole segments.</summary>
public sealed class NamedEndpointMatcherTests
{
    [Theory]
    // The attacker's report: a text prefix is not the same port, host or path.
    [InlineData("http://127.0.0.1:1830", "http://127.0.0.1:18301/steal", null)]
    [InlineData("http://127.0.0.1:1830", "http://127.0.0.1:1830/callbacks", "e")]
    [InlineData("http://127.0.0.1:1830", "http://127.0.0.1:1830", "e")]
    [InlineData("https://osp.example.org", "https://osp.example.org.attacker.net/", null)]
    [InlineData("https://osp.example.org", "https://osp.example.org/any/path?q=1", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks-evil", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooksevil/x", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks/", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks/a/b", "e")]
    [InlineData("https://partner.test/hooks/", "https://partner.test/hooks", "e")]
    [InlineData("https://partner.test/hooks/", "https://partner.test/hooks-evil", null)]
    // Scheme, host and port as the request goes: default ports, host case, user info that hides the real host.
    [InlineData("https://partner.test/hooks", "http://partner.test/hooks/a", null)]
    [InlineData("https://partner.test:443/hooks", "https://partner.test/hooks/a", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test:8443/hooks/a", null)]
    [InlineData("https://partner.test/hooks", "https://PARTNER.test/hooks/a", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test@evil.test/hooks/a", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test:443@evil.test/hooks/a", null)]
    // Paths as the receiver reads them: dot segments resolved, encoded dots and slashes never trusted.
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks/../admin", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks/%2E%2E/admin", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks/%2e%2e%2fadmin", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks%2Fa", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks%2F..%2F..%2Fadmin", null)]
    [InlineData("https://partner.test/hooks", "https://partner.test/hooks/a/./b", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test/hook%73/a", "e")]
    [InlineData("https://partner.test/hook%73", "https://partner.test/hooks/a", "e")]
    [InlineData("https://partner.test/hooks", "https://partner.test/other/../hooks/a", "e")]
    [InlineData("https://partner.test/hooks", "not a url", null)]
    // The whole host: any path is its own, encoded or not.
    [InlineData("https://partner.test", "https://partner.test/a%2Fb", "e")]
    public void Match_TargetAgainstEndpointUrl_OnlySameOriginAndWholeSegments(string endpointUrl, string target, string? expected)
    {
        var matcher = Matcher(("e", endpointUrl));

        Assert.Equal(expected, matcher.Match(target)?.Key);
    }

    [Fact]
    public void Match_NestedEndpoints_LongestPathWins()
    {
        var matcher = Matcher(("partner", "https://partner.test/"), ("billing", "https://partner.test/billing"));

        Assert.Equal("billing", matcher.Match("https://partner.test/billing/hook")?.Key);
        Assert.Equal("partner", matcher.Match("https://partner.test/billing-evil")?.Key);
        Assert.Equal("partner", matcher.Match("https://partner.test/other")?.Key);
    }

    [Fact]
    public void Match_TargetsInTurn_EachAnsweredForItselfNotTheLastOne()
    {
        var matcher = Matcher(("osp", "http://127.0.0.1:1830"));

        Assert.Equal("osp", matcher.Match("http://127.0.0.1:1830/a")?.Key);
        Assert.Equal("osp", matcher.Match("http://127.0.0.1:1830/a")?.Key);
        Assert.Null(matcher.Match("http://127.0.0.1:18301/steal"));
        Assert.Null(matcher.Match("http://127.0.0.1:18301/steal"));
        Assert.Equal("osp", matcher.Match("http://127.0.0.1:1830/a")?.Key);
    }

    private static NamedEndpointMatcher Matcher(params (string Name, string Url)[] endpoints)
    {
        var options = new WebhookOptions();
        foreach (var (name, url) in endpoints)
        {
            options.Endpoints[name] = new WebhookEndpointOptions { Url = url };
        }

        return new NamedEndpointMatcher(Options.Create(options));
    }
}
