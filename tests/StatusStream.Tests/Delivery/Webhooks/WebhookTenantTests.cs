using StatusStream.Delivery.Webhooks;
using StatusStream.Expansion;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Which namespace keys a status's unnamed webhook endpoint.</summary>
public sealed class WebhookTenantTests
{
    [Theory]
    [InlineData("city", "claimed", "city")]
    [InlineData(null, "claimed", "claimed")]
    [InlineData(null, null, "")]
    [InlineData("city", null, "city")]
    public void Of_TrustedNamespaceFirstThenTheClaimedOne(string? trusted, string? claimed, string expected)
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "sms")
        {
            Details = claimed is null ? StatusDetails.None : new StatusDetails(Source: new EventSource(claimed, "svc")),
        };
        var outbound = WebhookSamples.Outbound("https://receiver.test/hook", status, trusted);

        Assert.Equal(expected, WebhookTenant.Of(outbound));
    }
}
