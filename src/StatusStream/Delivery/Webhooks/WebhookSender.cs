using System.Buffers;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Makes one HTTP POST for one status and says what it meant. Never follows a redirect, reads at
/// most Webhooks:MaxResponseBytes of the answer (and discards it), and gives up after the
/// endpoint's timeout.
/// </summary>
internal sealed class WebhookSender(
    IHttpMessageHandlerFactory handlers,
    WebhookRequestBuilder requests,
    IOptions<WebhookOptions> options,
    TimeProvider time)
{
    public const string HttpClientName = "statusstream-webhooks";
    public const string SubscriptionEndedReason = "subscription-ended";
    private const int ExcerptChars = 200;
    private const int DrainBufferBytes = 4096;

    private readonly TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(options.Value.MaxRetryAfterSeconds);
    private readonly int _maxResponseBytes = options.Value.MaxResponseBytes;
    private volatile Tuple<HttpMessageHandler, HttpMessageInvoker>? _invoker;

    /// <param name="attempt">Cancelled by the endpoint's timeout or by the host stopping (<see cref="WebhookEndpoint.Stopping"/> tells which).</param>
    public async Task<WebhookAttemptResult> SendAsync(WebhookEndpoint endpoint, WebhookWork work, CancellationToken attempt)
    {
        var outbound = work.Outbound;
        var subscription = work.Subscription;
        if (outbound.Callback.Subscription is { } id && subscription is null)
        {
            // Only a status that outlived its subscription's last trace in this process gets here.
            return new WebhookAttemptResult(new DeliveryFailure(FailureClass.Permanent,
                $"subscription {id:D} is unknown to this instance; its callback settings are gone", DeadLetterReason: SubscriptionEndedReason),
                WebhookAttemptResult.Refused);
        }

        var started = time.GetTimestamp();
        try
        {
            // A subscription's status already targets the subscription's URL: WebhookDelivery put it there when queueing.
            using var request = requests.Build(endpoint, outbound, work.Target, subscription);
            using var response = await Invoker().SendAsync(request, attempt).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                await DrainAsync(response.Content, attempt).ConfigureAwait(false);
                return WebhookAttemptResult.Delivered;
            }

            // A receiver may echo a forwarded text message in its error body; that text is personal data and must not
            // reach the failure history, logs or dead-letter headers. The body is still read (and dropped) to its bound.
            var excerpt = "";
            if (outbound.Status is null)
            {
                await DrainAsync(response.Content, attempt).ConfigureAwait(false);
            }
            else
            {
                // A receiver that echoes the request would hand back the credentials and signature it was sent.
                excerpt = OneLine(ResponseExcerptScrubber.Scrub(
                    await ReadExcerptAsync(response.Content, attempt).ConfigureAwait(false), endpoint.Credentials, subscription, request));
            }

            var failure = WebhookFailureClassifier.Classify(response.StatusCode, response.Headers.RetryAfter, excerpt,
                time.GetElapsedTime(started), time.GetUtcNow(), _maxRetryAfter);
            return new WebhookAttemptResult(failure, StatusStreamMetrics.StatusClassOf(code));
        }
        catch (OperationCanceledException) when (!endpoint.Stopping.IsCancellationRequested)
        {
            return TimedOut(endpoint);
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
        {
            return new WebhookAttemptResult(new DeliveryFailure(FailureClass.Permanent, refused.Message,
                DeadLetterReason: WebhookFailureClassifier.TargetRefusedReason), WebhookAttemptResult.Refused);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && attempt.IsCancellationRequested)
        {
            // Aborted by our own cancellation (HttpClient would have said so with a TaskCanceledException; the invoker
            // passes the abort on as it is, and a body read may end in an IOException): the stop leaves the status
            // unacknowledged, the timeout is a timeout.
            if (endpoint.Stopping.IsCancellationRequested)
            {
                throw new OperationCanceledException(attempt);
            }

            return TimedOut(endpoint);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            return new WebhookAttemptResult(Transient($"http:connect: {OneLine(e.InnerException?.Message ?? e.Message)}"), WebhookAttemptResult.ConnectError);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // Connected, then the exchange broke: the receiver closed or reset the connection before a whole response
            // (ResponseEnded, or Unknown for a reset while reading), answered something that is not HTTP, broke the
            // protocol, or sent headers and then a body cut short (HttpIOException, an IOException). The handler marks
            // every failure to connect as one of the errors above. Retried like any 5xx.
            return new WebhookAttemptResult(Transient($"http:response: {OneLine(e.InnerException?.Message ?? e.Message)}"), WebhookAttemptResult.ResponseError);
        }
    }

    private static WebhookAttemptResult TimedOut(WebhookEndpoint endpoint) =>
        new(Transient($"http:timeout after {endpoint.Timeout.TotalSeconds:0.###} s"), WebhookAttemptResult.Timeout);

    /// <summary>
    /// The factory's current handler (it rotates them, for DNS changes) behind an invoker kept while the handler
    /// is the same. An invoker is HttpClient without a client-wide timeout, default headers and the linked
    /// cancellation source HttpClient makes per request: this sender has its own timeout and headers, and the
    /// invoker returns once the headers are in, as HttpCompletionOption.ResponseHeadersRead does.
    /// </summary>
    private HttpMessageInvoker Invoker()
    {
        var handler = handlers.CreateHandler(HttpClientName);
        var current = _invoker;
        if (current is null || !ReferenceEquals(current.Item1, handler))
        {
            _invoker = current = Tuple.Create(handler, new HttpMessageInvoker(handler, disposeHandler: false));
        }

        return current.Item2;
    }

    private static DeliveryFailure Transient(string description) => new(FailureClass.Transient, description);

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

    /// <summary>
    /// A delivered answer's body is read (so the connection goes back to the pool) up to the bound and
    /// dropped, through a pooled buffer: nothing of it is kept. An empty body is not read at all.
    /// </summary>
    private async Task DrainAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength == 0)
        {
            return;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var scratch = ArrayPool<byte>.Shared.Rent(DrainBufferBytes);
            try
            {
                await SkipAsync(stream, scratch, 0, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>A failed answer: reads at most the configured bytes of the body (then stops); returns its first characters, as they came.</summary>
    private async Task<string> ReadExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var scratch = ArrayPool<byte>.Shared.Rent(DrainBufferBytes);
            try
            {
                var head = Math.Min(_maxResponseBytes, ExcerptChars * 4);
                var kept = await stream.ReadAtLeastAsync(scratch.AsMemory(0, head), head, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var excerpt = Encoding.UTF8.GetString(scratch, 0, kept);
                await SkipAsync(stream, scratch, kept, cancellationToken).ConfigureAwait(false);
                return excerpt;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private async Task SkipAsync(Stream stream, byte[] scratch, int alreadyRead, CancellationToken cancellationToken)
    {
        for (var total = alreadyRead; total < _maxResponseBytes;)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, Math.Min(scratch.Length, _maxResponseBytes - total)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > ExcerptChars ? line[..ExcerptChars] : line;
    }
}
