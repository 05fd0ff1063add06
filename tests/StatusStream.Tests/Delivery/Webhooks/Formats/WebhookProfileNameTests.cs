using StatusStream.Delivery.Webhooks.Formats;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class WebhookProfileNameTests
{
    [Theory]
    [InlineData("cityos", nameof(WebhookProfile.CityOs))]
    [InlineData("osp", nameof(WebhookProfile.Osp))]
    [InlineData("govuk-notify", nameof(WebhookProfile.GovUkNotify))]
    [InlineData("GOVUK-NOTIFY", nameof(WebhookProfile.GovUkNotify))]
    [InlineData(" hal ", nameof(WebhookProfile.Hal))]
    public void TryParse_ConfiguredName_Profile(string name, string expected)
    {
        Assert.True(WebhookProfileName.TryParse(name, out var profile));
        Assert.Equal(Enum.Parse<WebhookProfile>(expected), profile);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GovUkNotify")]
    [InlineData("3")]
    public void TryParse_UnknownName_False(string? name) => Assert.False(WebhookProfileName.TryParse(name, out _));

    [Fact]
    public void Of_EveryProfile_ParsesBack()
    {
        foreach (var profile in Enum.GetValues<WebhookProfile>())
        {
            Assert.True(WebhookProfileName.TryParse(WebhookProfileName.Of(profile), out var parsed));
            Assert.Equal(profile, parsed);
            Assert.Contains(WebhookProfileName.Of(profile), WebhookProfileName.AllowedNames, StringComparison.Ordinal);
        }
    }
}
