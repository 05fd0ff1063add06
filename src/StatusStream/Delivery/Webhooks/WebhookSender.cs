using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using StatusStream.Outbound;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Makes one HTTP POST for one status and says what it meant. Never follows a redirect, reads at
/// most Webhooks:MaxResponseBytes of the answer (and discards it), and gives up after the
/// endpoint's timeout.
/// </summary>
/// <remarks><paramref name="subscriptions"/> is registered only with the subscriptions feature.</remarks>
internal sealed class WebhookSender(
    IHttpClientFactory clients,
    WebhookRequestBuilder requests,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ISubscriptionWebhooks? subscriptions = null,
    StatusStreamMetrics? metrics = null)
{
    public const string HttpClientName = "statusstream-webhooks";
    public const string SubscriptionEndedReason = "subscription-ended";
    private const int ExcerptChars = 200;

    private readonly TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(options.Value.MaxRetryAfterSeconds);
    private readonly int _maxResponseBytes = options.Value.MaxResponseBytes;

    public async Task<WebhookAttemptResult> SendAsync(WebhookEndpoint endpoint, OutboundStatus outbound, CancellationToken stopping)
    {
        SubscriptionWebhook? subscription = null;
        if (outbound.Callback.Subscription is { } id && (subscription = subscriptions?.Find(id)) is null)
        {
            // Only a status that outlived its subscription's last trace in this process gets here.
            return new WebhookAttemptResult(new DeliveryFailure(FailureClass.Permanent,
                $"subscription {id:D} is unknown to this instance; its callback settings are gone", DeadLetterReason: SubscriptionEndedReason));
        }

        using var timeout = new CancellationTokenSource(endpoint.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            using var request = requests.Build(endpoint, outbound, subscription);
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            metrics?.WebhookResponse(endpoint.MetricName, StatusStreamMetrics.StatusClassOf((int)response.StatusCode));
            var excerpt = await ReadBoundedAsync(response.Content, linked.Token).ConfigureAwait(false);
            if (outbound.Status is null)
            {
                // A receiver may echo a forwarded text message in its error body; that text is personal data and must
                // not reach the failure history, logs or dead-letter headers.
                excerpt = "";
            }

            var failure = WebhookFailureClassifier.Classify(response.StatusCode, response.Headers.RetryAfter, excerpt,
                time.GetElapsedTime(started), time.GetUtcNow(), _maxRetryAfter);
            return new WebhookAttemptResult(failure);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            metrics?.WebhookResponse(endpoint.MetricName, "timeout");
            return Transient($"http:timeout after {endpoint.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
        {
            metrics?.WebhookResponse(endpoint.MetricName, "refused");
            return new WebhookAttemptResult(new DeliveryFailure(FailureClass.Permanent, refused.Message,
                DeadLetterReason: WebhookFailureClassifier.TargetRefusedReason));
        }
        catch (HttpRequestException e)
        {
            metrics?.WebhookResponse(endpoint.MetricName, "connect_error");
            return Transient($"http:connect: {OneLine(e.InnerException?.Message ?? e.Message)}");
        }
    }

    private static WebhookAttemptResult Transient(string description) =>
        new(new DeliveryFailure(FailureClass.Transient, description));

    private static WebhookTargetRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>Reads at most the configured bytes of the body (then stops); returns its first characters as one line.</summary>
    private async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[Math.Min(_maxResponseBytes, ExcerptChars * 4)];
            var kept = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var scratch = new byte[4096];
            for (var total = kept; total < _maxResponseBytes;)
            {
                var read = await stream.ReadAsync(scratch.AsMemory(0, Math.Min(scratch.Length, _maxResponseBytes - total)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return OneLine(Encoding.UTF8.GetString(head, 0, kept));
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > ExcerptChars ? line[..ExcerptChars] : line;
    }
}
