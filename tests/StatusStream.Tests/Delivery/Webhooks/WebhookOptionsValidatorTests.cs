using StatusStream.Delivery.Webhooks;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Settings checked at start, with a message that names the setting and never a secret.</summary>
public sealed class WebhookOptionsValidatorTests
{
    [Theory]
    [InlineData("https://osp.example.org")]
    [InlineData("https://osp.example.org/")]
    [InlineData("http://127.0.0.1:1830")]
    [InlineData("https://osp.example.org/callbacks/v1/")]
    [InlineData("https://osp.example.org/call%20backs")]
    public void Validate_UnambiguousEndpointUrl_Accepted(string url) =>
        Assert.True(Validate(url).Succeeded);

    [Theory]
    [InlineData("https://osp.example.org/callbacks?tenant=1")]
    [InlineData("https://osp.example.org/callbacks#frag")]
    [InlineData("https://user:hunter22@osp.example.org/callbacks")]
    [InlineData("https://osp.example.org/a/../callbacks")]
    [InlineData("https://osp.example.org/a/./callbacks")]
    [InlineData("https://osp.example.org/a/%2E%2E/callbacks")]
    [InlineData("https://osp.example.org/a/%2e/callbacks")]
    [InlineData("https://osp.example.org/a%2Fcallbacks")]
    [InlineData("https://osp.example.org/a%5ccallbacks")]
    [InlineData("https://osp.example.org\\callbacks")]
    [InlineData("https://osp.example.org/a%zz")]
    [InlineData("ftp://osp.example.org/")]
    [InlineData("/callbacks")]
    [InlineData("")]
    public void Validate_AmbiguousEndpointUrl_RefusedNamingTheSetting(string url)
    {
        var result = Validate(url);

        Assert.False(result.Succeeded);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Webhooks:Endpoints:osp:Url must be", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", failure, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string url)
    {
        var options = new WebhookOptions { Endpoints = { ["osp"] = new WebhookEndpointOptions { Url = url } } };
        return new WebhookOptionsValidator().Validate(null, options);
    }
}
