using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// What an HTTP answer means, the webhook transport's half of the one failure decision. 2xx is
/// delivered. 5xx, 408 and 429 are transient (on 429 and 503 a Retry-After moves the next attempt no
/// earlier than it says, capped by Webhooks:MaxRetryAfterSeconds). 3xx is not followed and is
/// permanent: a receiver that moved needs its URL fixed, then `dlq replay`. Every other 4xx is
/// permanent (the adidas API guidelines' 403 "the subscriber does not accept the callback"); 410 Gone has a reason of its
/// own, because it says the receiver is gone for good (a subscription is disabled by it).
/// </summary>
internal static class WebhookFailureClassifier
{
    public const string RedirectReason = "redirect-not-followed";
    public const string RefusedByReceiverReason = "refused-by-receiver";
    public const string TargetRefusedReason = "target-refused";
    public const string ReceiverGoneReason = "receiver-gone";

    /// <summary>Null when the answer means delivered.</summary>
    public static DeliveryFailure? Classify(HttpStatusCode status, RetryConditionHeaderValue? retryAfter, string bodyExcerpt, TimeSpan took, DateTimeOffset now, TimeSpan maxRetryAfter)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return null;
        }

        var description = Describe(code, bodyExcerpt, took);
        if (code >= 500 || code is 408 or 429)
        {
            DateTimeOffset? notBefore = code is 429 or 503 ? NotBefore(retryAfter, now, maxRetryAfter) : null;
            return new DeliveryFailure(FailureClass.Transient, description, notBefore);
        }

        return code switch
        {
            >= 300 and < 400 => new DeliveryFailure(FailureClass.Permanent, description, DeadLetterReason: RedirectReason),
            410 => new DeliveryFailure(FailureClass.Permanent, description, DeadLetterReason: ReceiverGoneReason),
            _ => new DeliveryFailure(FailureClass.Permanent, description, DeadLetterReason: RefusedByReceiverReason),
        };
    }

    /// <summary>"http:503 (120 ms): &lt;first bytes of the body&gt;", one line.</summary>
    public static string Describe(int code, string bodyExcerpt, TimeSpan took)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"http:{code} ({took.TotalMilliseconds:0} ms)");
        return bodyExcerpt.Length == 0 ? text : $"{text}: {bodyExcerpt}";
    }

    public static DateTimeOffset? NotBefore(RetryConditionHeaderValue? retryAfter, DateTimeOffset now, TimeSpan max)
    {
        var wait = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        if (wait is not { } value || value <= TimeSpan.Zero)
        {
            return null;
        }

        return now + (value > max ? max : value);
    }
}
