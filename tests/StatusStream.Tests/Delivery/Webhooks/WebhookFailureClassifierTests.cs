using System.Net;
using System.Net.Http.Headers;
using StatusStream.Delivery.Webhooks;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Webhooks;

public sealed class WebhookFailureClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(204)]
    public void Classify_2xx_Delivered(int code) => Assert.Null(Classify(code));

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public void Classify_5xx408Or429_Transient(int code) => Assert.Equal(FailureClass.Transient, Classify(code)!.Class);

    [Theory]
    [InlineData(400, WebhookFailureClassifier.RefusedByReceiverReason)]
    [InlineData(403, WebhookFailureClassifier.RefusedByReceiverReason)]
    [InlineData(410, WebhookFailureClassifier.ReceiverGoneReason)]
    [InlineData(301, WebhookFailureClassifier.RedirectReason)]
    [InlineData(302, WebhookFailureClassifier.RedirectReason)]
    [InlineData(307, WebhookFailureClassifier.RedirectReason)]
    public void Classify_Other4xxOr3xx_PermanentWithReason(int code, string reason)
    {
        var failure = Classify(code)!;

        Assert.Equal(FailureClass.Permanent, failure.Class);
        Assert.Equal(reason, failure.DeadLetterReason);
        Assert.StartsWith($"http:{code}", failure.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_429WithRetryAfterSeconds_NotBeforeThatManySeconds() =>
        Assert.Equal(Now.AddSeconds(3), Classify(429, new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)))!.NotBefore);

    [Fact]
    public void Classify_503WithRetryAfterDate_NotBeforeThatDate() =>
        Assert.Equal(Now.AddMinutes(2), Classify(503, new RetryConditionHeaderValue(Now.AddMinutes(2)))!.NotBefore);

    [Fact]
    public void Classify_RetryAfterBeyondTheMaximum_Capped() =>
        Assert.Equal(Now + Max, Classify(429, new RetryConditionHeaderValue(TimeSpan.FromDays(2)))!.NotBefore);

    [Fact]
    public void Classify_500WithRetryAfter_Ignored() =>
        Assert.Null(Classify(500, new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)))!.NotBefore);

    [Fact]
    public void Classify_BodyExcerpt_InTheDescription() =>
        Assert.EndsWith(": subscriber does not accept the callback",
            WebhookFailureClassifier.Classify(HttpStatusCode.Forbidden, null, "subscriber does not accept the callback", TimeSpan.FromMilliseconds(12), Now, Max)!.Description,
            StringComparison.Ordinal);

    private static DeliveryFailure? Classify(int code, RetryConditionHeaderValue? retryAfter = null) =>
        WebhookFailureClassifier.Classify((HttpStatusCode)code, retryAfter, "", TimeSpan.FromMilliseconds(5), Now, Max);
}
