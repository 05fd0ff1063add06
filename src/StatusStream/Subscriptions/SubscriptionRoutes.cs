using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Http;

namespace StatusStream.Subscriptions;

/// <summary>
/// The adidas API guidelines' subscription resource on the HTTP listener: POST /subscriptions creates (201), GET
/// /subscriptions/{id} and GET /subscriptions (the caller's namespace, paged) read, PUT /subscriptions/{id}
/// cancels (202). Every request carries a namespace's API key; a namespace sees and cancels only its own
/// subscriptions, and another's id is answered exactly like an unknown one (404).
/// </summary>
internal sealed class SubscriptionRoutes(
    ApiKeyRing keys,
    SubscriptionStore store,
    SubscriptionRules rules,
    SubscriptionWriter writer,
    IOptions<SubscriptionOptions> options,
    ILogger<SubscriptionRoutes> logger) : IHttpRoutes
{
    // One create at a time per namespace: the count a limit is checked against must still hold when the record is written
    // and read back, or concurrent requests all see room (20 at once each got 201 under a limit of 3). Namespaces are the
    // configured ones (a request is authenticated first), so this holds a few entries. Per instance: with several
    // instances, each can add one more at the same moment.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _createTurns = new(StringComparer.Ordinal);

    public void Map(WebApplication app)
    {
        app.MapPost("/subscriptions", CreateAsync);
        app.MapGet("/subscriptions", ListAsync);
        app.MapGet("/subscriptions/{id}", GetAsync);
        app.MapPut("/subscriptions/{id}", CancelAsync);
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } ns)
        {
            await ProblemResponse.Unauthorized(context).ConfigureAwait(false);
            return;
        }

        if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            await ProblemResponse.BadRequest(context, $"The body must be a JSON object of at most {SubscriptionRequestReader.MaxBodyBytes} bytes.").ConfigureAwait(false);
            return;
        }

        if (!SubscriptionRequestReader.TryRead(body, out var request, out var malformed))
        {
            await ProblemResponse.BadRequest(context, malformed).ConfigureAwait(false);
            return;
        }

        var turn = _createTurns.GetOrAdd(ns, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        Subscription? subscription;
        string? refusal;
        bool written;
        try
        {
            (subscription, refusal) = await rules.JudgeAsync(ns, request!, store.CountIn(ns), context.RequestAborted).ConfigureAwait(false);
            written = subscription is not null
                && await TryWriteAsync(() => writer.SaveAsync(subscription, context.RequestAborted)).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }

        if (subscription is null)
        {
            await ProblemResponse.Forbidden(context, refusal!).ConfigureAwait(false);
            return;
        }

        if (!written)
        {
            await ProblemResponse.StoreUnavailable(context).ConfigureAwait(false);
            return;
        }

        SubscriptionLog.Created(logger, subscription.Id, ns, SubscriptionJson.ModeName(subscription.Mode), subscription.IsWebhook ? "webhook" : "stream");
        await HalResponse.CreatedAsync(context, subscription).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } ns)
        {
            await ProblemResponse.Unauthorized(context).ConfigureAwait(false);
            return;
        }

        if (Id(context) is not { } id || store.Find(ns, id) is not { } subscription)
        {
            await ProblemResponse.NotFoundFor(context).ConfigureAwait(false);
            return;
        }

        await HalResponse.OneAsync(context, subscription).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } ns)
        {
            await ProblemResponse.Unauthorized(context).ConfigureAwait(false);
            return;
        }

        var settings = options.Value;
        if (!TryQueryNumber(context, "page", 1, int.MaxValue, 1, out var page)
            || !TryQueryNumber(context, "size", 1, settings.MaxPageSize, settings.DefaultPageSize, out var size))
        {
            await ProblemResponse.BadRequest(context, string.Create(CultureInfo.InvariantCulture,
                $"'page' must be a number from 1, 'size' from 1 to {settings.MaxPageSize}.")).ConfigureAwait(false);
            return;
        }

        var (items, total) = store.List(ns, page, size);
        await HalResponse.PageAsync(context, items, page, size, total).ConfigureAwait(false);
    }

    private async Task CancelAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } ns)
        {
            await ProblemResponse.Unauthorized(context).ConfigureAwait(false);
            return;
        }

        if (Id(context) is not { } id)
        {
            await ProblemResponse.NotFoundFor(context).ConfigureAwait(false);
            return;
        }

        if (store.Find(ns, id) is not null)
        {
            store.TryStop(id);
            if (!await TryWriteAsync(() => writer.EndAsync(id, ns, EndReason.Cancelled, context.RequestAborted)).ConfigureAwait(false))
            {
                await ProblemResponse.StoreUnavailable(context).ConfigureAwait(false);
                return;
            }

            SubscriptionLog.Cancelled(logger, id, ns);
        }
        else if (!store.HasEnded(ns, id))
        {
            await ProblemResponse.NotFoundFor(context).ConfigureAwait(false);
            return;
        }

        // Cancelling an ended subscription again changes nothing and says so the same way.
        await HalResponse.CancelledAsync(context, id).ConfigureAwait(false);
    }

    private string? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? keys.NamespaceOf(header[Scheme.Length..].Trim())
            : null;
    }

    private static Guid? Id(HttpContext context) =>
        context.Request.RouteValues["id"] is string text && Guid.TryParse(text, out var id) ? id : null;

    private static bool TryQueryNumber(HttpContext context, string name, int min, int max, int fallback, out int value)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > SubscriptionRequestReader.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > SubscriptionRequestReader.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task<bool> TryWriteAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return true;
        }
        catch (KafkaException e)
        {
            SubscriptionLog.ApiWriteFailed(logger, e.Error.Code.ToString(), e.Error.Reason);
            return false;
        }
    }
}
