using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class NotificationEventTests
{
    [Fact]
    public void ToString_EachFieldOnce_NoWebhookUrl()
    {
        var notification = new NotificationEvent(Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "email", [],
            new StatusCallback(CallbackType.Webhook, "https://hooks.example/cb?token=s3cret"), Source: null, OccurredAt: null, Reference: "ref-42");

        var text = notification.ToString();

        Assert.Contains("7c9e6679-7425-40de-944b-e07fc1f90ae7", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "ref-42"));
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("hooks.example", text);
    }
}
