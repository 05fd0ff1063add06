using StatusStream.Delivery.Webhooks.Formats;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class WebhookBodyRendererTests
{
    private readonly WebhookBodyRenderer _renderer = new();

    [Theory]
    [InlineData("cityos", "application/json", "event_id")]
    [InlineData("osp", "application/json;charset=UTF-8", "tenantId")]
    [InlineData("govuk-notify", "application/json", "id")]
    [InlineData("hal", "application/hal+json", "_links")]
    public void Render_EachProfile_UsesItsFormat(string profileName, string contentType, string firstKey)
    {
        Assert.True(WebhookProfileName.TryParse(profileName, out var profile));
        var context = WebhookSamples.Context(subscription: new HalSubscriptionLink("/s/1", "1"));

        var body = _renderer.Render(profile, WebhookSamples.Detailed(), context);

        Assert.Equal(profile, _renderer.FormatOf(profile).Profile);
        Assert.Equal(contentType, body.ContentType);
        Assert.Equal(firstKey, WebhookSamples.KeysOf(WebhookSamples.Parse(body))[0]);
    }

    [Fact]
    public void FormatOf_UndefinedProfile_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _renderer.FormatOf((WebhookProfile)4));

    [Fact]
    public void Render_ManyThreadsAtOnce_EachGetsItsOwnBody()
    {
        // The formats share per-thread writers; bodies rendered concurrently must never mix.
        var statuses = Enumerable.Range(0, 2000)
            .Select(i => WebhookSamples.Bare() with { Recipient = new Guid(i, 0, 0, new byte[8]) })
            .ToArray();
        var expected = statuses.Select(s => _renderer.Render(WebhookProfile.Osp, s, WebhookSamples.Context()).Content).ToArray();

        var actual = new byte[statuses.Length][];
        Parallel.For(0, statuses.Length, i =>
            actual[i] = _renderer.Render((WebhookProfile)(i % 3), statuses[i], WebhookSamples.Context()).Content);

        for (var i = 0; i < statuses.Length; i += 3)
        {
            Assert.Equal(expected[i], _renderer.Render(WebhookProfile.Osp, statuses[i], WebhookSamples.Context()).Content);
            Assert.Equal(_renderer.Render((WebhookProfile)(i % 3), statuses[i], WebhookSamples.Context()).Content, actual[i]);
        }
    }
}
