using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Tests.Delivery.Webhooks.Signing;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

/// <summary>
/// The hot path's allocation budget, counted rather than timed: once warm, rendering allocates only the
/// body array, and signing only the header strings.
/// </summary>
public sealed class WebhookBodyAllocationTests
{
    private const int Renders = 200;
    private const int ArrayOverheadBytes = 32; // object header, method table and length of a byte[] on x64, rounded up

    [Theory]
    [InlineData("osp")]
    [InlineData("govuk-notify")]
    public void Render_Warm_AllocatesOnlyTheBody(string profileName)
    {
        Assert.True(WebhookProfileName.TryParse(profileName, out var profile));
        var renderer = new WebhookBodyRenderer();
        var status = WebhookSamples.Detailed();
        var context = WebhookSamples.Context(new WebhookFormatSettings { OspTenantId = "tenant" });
        var bodyLength = renderer.Render(profile, status, context).Content.Length;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Renders; i++)
        {
            renderer.Render(profile, status, context);
        }

        var perRender = (GC.GetAllocatedBytesForCurrentThread() - before) / Renders;
        Assert.InRange(perRender, bodyLength, bodyLength + ArrayOverheadBytes);
    }

    [Fact]
    public void SignatureHeader_Warm_AllocatesOnlyTheHeaderString()
    {
        Assert.True(WebhookSigningKey.TryParse(WebhookSigningKeyTests.Secret(32), out var key));
        WebhookSigningKey[] keys = [key];
        var body = new byte[2000];
        StandardWebhookSigner.SignatureHeader("id", 1, body, keys);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Renders; i++)
        {
            StandardWebhookSigner.SignatureHeader("id", 1, body, keys);
        }

        // "v1," + 44 base64 characters as a string: 47 UTF-16 characters plus the string's header.
        var perSignature = (GC.GetAllocatedBytesForCurrentThread() - before) / Renders;
        Assert.InRange(perSignature, 47 * 2, (47 * 2) + ArrayOverheadBytes);
    }
}
