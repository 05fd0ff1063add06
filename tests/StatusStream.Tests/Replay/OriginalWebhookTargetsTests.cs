using System.Text;
using StatusStream.Replay;
using StatusStream.Serialization;

namespace StatusStream.Tests.Replay;

/// <summary>Reading a webhook URL back from the event or received message a dead letter came from.</summary>
public sealed class OriginalWebhookTargetsTests
{
    private const string Url = "https://hooks.chat.example/services/T0/B0/path-secret?token=t0ken";
    private static readonly Guid EventId = Guid.Parse("0b4e7a52-8f43-4c1a-9a43-7c1f0c6a9d11");

    private static byte[] Event(string callback) => Encoding.UTF8.GetBytes(
        $$"""{"event_id":"0b4e7a52-8f43-4c1a-9a43-7c1f0c6a9d11","note":{"callback":{"type":"webhook","target":"https://other.example/x"} },"callback":{{callback}},"recipients":[]}""");

    [Fact]
    public void WebhookUrlIn_AnotherNotificationAtThatOffset_Null() =>
        Assert.Null(OriginalWebhookTargets.WebhookUrlIn(Event($$"""{"type":"webhook","target":"{{Url}}"}"""), Guid.NewGuid(), "https://hooks.chat.example"));

    [Fact]
    public void WebhookUrlIn_ReceivedMessageById_WholeUrl() =>
        Assert.Equal(Url, OriginalWebhookTargets.WebhookUrlIn(Encoding.UTF8.GetBytes(
            $$"""{"callback":{"type":"webhook","target":"{{Url}}"},"id":"0B4E7A52-8F43-4C1A-9A43-7C1F0C6A9D11","message":"hi"}"""), EventId, "https://hooks.chat.example"));

    [Fact]
    public void WebhookUrlIn_DeadLetterOfBeforeTheCut_ShowsThePath_WholeUrl() =>
        Assert.Equal(Url, OriginalWebhookTargets.WebhookUrlIn(Event($$"""{"type":"webhook","target":"{{Url}}"}"""), EventId,
            "https://hooks.chat.example/services/T0/B0/path-secret"));

    [Fact]
    public void WebhookUrlIn_TheEventsCallback_WholeUrl() =>
        Assert.Equal(Url, OriginalWebhookTargets.WebhookUrlIn(Event($$"""{"type":"webhook","target":"{{Url}}"}"""), EventId, "https://hooks.chat.example"));

    [Fact]
    public void WebhookUrlIn_SchemaRegistryFramed_WholeUrl() =>
        Assert.Equal(Url, OriginalWebhookTargets.WebhookUrlIn(
            ConfluentWireFormat.Frame(7, Event($$"""{"type":"webhook","target":"{{Url}}"}""")), EventId, "https://hooks.chat.example"));

    [Theory]
    [InlineData("https://other.example")] // another receiver than the dead letter shows
    [InlineData("http://hooks.chat.example")] // another scheme
    [InlineData("https://hooks.chat.example:8443")] // another port
    public void WebhookUrlIn_NotTheShownReceiver_Null(string shown) =>
        Assert.Null(OriginalWebhookTargets.WebhookUrlIn(Event($$"""{"type":"webhook","target":"{{Url}}"}"""), EventId, shown));

    [Theory]
    [InlineData("""{"type":"kafka","target":"city.parking-callback"}""")]
    [InlineData("""{"type":"webhook","target":"not a url"}""")]
    [InlineData("""["https://hooks.chat.example/x"]""")]
    public void WebhookUrlIn_NoWebhookCallback_Null(string callback) =>
        Assert.Null(OriginalWebhookTargets.WebhookUrlIn(Event(callback), EventId, "https://hooks.chat.example"));

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"event_id":"x"}""")]
    [InlineData("""{"callback":{"type":"webhook","target":"https://hooks.chat.example/x""")]
    public void WebhookUrlIn_NoCallbackToRead_Null(string value) =>
        Assert.Null(OriginalWebhookTargets.WebhookUrlIn(Encoding.UTF8.GetBytes(value), EventId, "https://hooks.chat.example"));
}
