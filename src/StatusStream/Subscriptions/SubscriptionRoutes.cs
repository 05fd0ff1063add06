using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using StatusStream.Http;
using StatusStream.Records;
using StatusStream.Subscriptions.Api;

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

    public void ConfigureServices(IServiceCollection webServices)
    {
        // The refusals' problem+json is written by ASP.NET Core's service; ' and " in a detail stay as they are.
        webServices.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.Remove("traceId"));
        webServices.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }

    public void Map(WebApplication app)
    {
        var api = app.MapGroup("/subscriptions").WithTags("Subscriptions")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("", (Func<HttpContext, Task<IResult>>)CreateAsync)
            .WithName("createSubscription")
            .WithSummary("Subscribe: to a webhook (callbackUrl) or a stream (a callback topic of the caller's namespace).")
            // The body's description, not Accepts<T>(): that would make routing refuse (415) a body sent without
            // Content-Type: application/json, which the API has always read (curl -d sends a form's content type).
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var body = await context.GetOrCreateSchemaAsync(typeof(SubscriptionRequestBody), null, cancellationToken).ConfigureAwait(false);
                context.Document?.AddComponent(nameof(SubscriptionRequestBody), body);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(SubscriptionRequestBody), context.Document) },
                    },
                };
            })
            .Produces<SubscriptionView>(StatusCodes.Status201Created, HalResponse.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", (Func<HttpContext, IResult>)List)
            .WithName("listSubscriptions")
            .WithSummary("The caller's subscriptions, a page at a time (query: page from 1, size).")
            .Produces<SubscriptionPageView>(StatusCodes.Status200OK, HalResponse.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}", (Func<HttpContext, string, IResult>)Get)
            .WithName("getSubscription")
            .WithSummary("One subscription of the caller's namespace.")
            .Produces<SubscriptionView>(StatusCodes.Status200OK, HalResponse.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/{id}", (HttpContext context, string id) => CancelAsync(context, id))
            .WithName("cancelSubscription")
            .WithSummary("Cancel a subscription (again: the same answer).")
            .Produces<SubscriptionCancelledView>(StatusCodes.Status202Accepted, HalResponse.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } ns)
        {
            return Unauthorized(context);
        }

        if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            return ProblemResponse.BadRequest($"The body must be a JSON object of at most {SubscriptionRequestReader.MaxBodyBytes} bytes.");
        }

        if (!SubscriptionRequestReader.TryRead(body, out var request, out var malformed))
        {
            return ProblemResponse.BadRequest(malformed);
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
            return ProblemResponse.Forbidden(refusal!);
        }

        if (!written)
        {
            return ProblemResponse.StoreUnavailable();
        }

        SubscriptionLog.Created(logger, subscription.Id, ns, SubscriptionJson.ModeName(subscription.Mode), subscription.IsWebhook ? "webhook" : "stream");
        context.Response.Headers.Location = subscription.SelfHref;
        return HalResponse.Created(subscription);
    }

    private IResult Get(HttpContext context, string id)
    {
        if (Authenticate(context) is not { } ns)
        {
            return Unauthorized(context);
        }

        if (!Guid.TryParse(id, out var subscriptionId) || store.Find(ns, subscriptionId) is not { } subscription)
        {
            return ProblemResponse.NotFoundFor();
        }

        return HalResponse.One(subscription);
    }

    private IResult List(HttpContext context)
    {
        if (Authenticate(context) is not { } ns)
        {
            return Unauthorized(context);
        }

        var settings = options.Value;
        if (!TryQueryNumber(context, "page", 1, int.MaxValue, 1, out var page)
            || !TryQueryNumber(context, "size", 1, settings.MaxPageSize, settings.DefaultPageSize, out var size))
        {
            return ProblemResponse.BadRequest(string.Create(CultureInfo.InvariantCulture,
                $"'page' must be a number from 1, 'size' from 1 to {settings.MaxPageSize}."));
        }

        var (items, total) = store.List(ns, page, size);
        return HalResponse.Page(items, page, size, total);
    }

    private async Task<IResult> CancelAsync(HttpContext context, string text)
    {
        if (Authenticate(context) is not { } ns)
        {
            return Unauthorized(context);
        }

        if (!Guid.TryParse(text, out var id))
        {
            return ProblemResponse.NotFoundFor();
        }

        if (store.Find(ns, id) is not null)
        {
            store.TryStop(id);
            if (!await TryWriteAsync(() => writer.EndAsync(id, ns, EndReason.Cancelled, context.RequestAborted)).ConfigureAwait(false))
            {
                return ProblemResponse.StoreUnavailable();
            }

            SubscriptionLog.Cancelled(logger, id, ns);
        }
        else if (!store.HasEnded(ns, id))
        {
            return ProblemResponse.NotFoundFor();
        }

        // Cancelling an ended subscription again changes nothing and says so the same way.
        return HalResponse.Cancelled(id);
    }

    private static ProblemHttpResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = ProblemResponse.UnauthenticatedChallenge;
        return ProblemResponse.Unauthorized();
    }

    private string? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? keys.NamespaceOf(header[Scheme.Length..].Trim())
            : null;
    }

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
