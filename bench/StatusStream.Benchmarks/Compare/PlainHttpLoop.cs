using System.Net;
using System.Net.Http.Headers;
using System.Text;
using StatusStream.Records;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// The webhook baseline: <c>concurrency</c> workers POST status bodies (the processor's JSON shape, the status-id
/// header) with one plain HttpClient over a SocketsHttpHandler, as fast as the receiver answers. No Kafka, no queues,
/// no breaker: what the HTTP side costs on its own.
/// </summary>
internal static class PlainHttpLoop
{
    public static async Task RunAsync(string url, int deliveries, int concurrency, ArrivalLog log, CancellationToken stop)
    {
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var contentType = new MediaTypeHeaderValue("application/json");
        var next = -1;
        async Task Worker()
        {
            int sequence;
            while ((sequence = Interlocked.Increment(ref next)) < deliveries && !stop.IsCancellationRequested)
            {
                var eventId = ArrivalLog.EventId(sequence);
                var body = Encoding.UTF8.GetBytes(
                    $$"""{"event_id":"{{eventId}}","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"email"}""");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = contentType;
                request.Headers.TryAddWithoutValidation(StatusHeaders.StatusId, eventId + ":2089ad58-857e-4b31-a647-b78432c129d2");
                log.Sent(sequence);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                response.EnsureSuccessStatusCode();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, CancellationToken.None)));
    }
}
