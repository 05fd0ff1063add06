using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StatusStream.Subscriptions;

/// <summary>
/// RFC 9457 problem details (<c>application/problem+json</c>: type, title, status, detail), what the adidas API guidelines
/// answers whenever a subscription or a cancellation is not accepted. The detail says what to change; it
/// never quotes a URL, a key or a secret the caller sent.
/// </summary>
internal static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    /// <summary>Problem types: relative URIs, each documented in the README, "Subscriptions".</summary>
    public const string Malformed = "/problems/malformed-request";
    public const string Refused = "/problems/subscription-refused";
    public const string Unauthenticated = "/problems/unauthenticated";
    public const string NotFound = "/problems/subscription-not-found";
    public const string Unavailable = "/problems/store-unavailable";

    public static Task BadRequest(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, Malformed, "The request is malformed", detail);

    public static Task Forbidden(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, Refused, "The subscription is not accepted", detail);

    public static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"statusstream-subscriptions\"";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, Unauthenticated, "An API key is required",
            "Send your namespace's API key as 'Authorization: Bearer <key>'.");
    }

    public static Task NotFoundFor(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, NotFound, "No such subscription",
            "There is no subscription with this id in your namespace.");

    public static Task StoreUnavailable(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Unavailable, "The subscription store is unavailable",
            "The change could not be written to the subscriptions topic; nothing was changed. Try again.");

    public static async Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }
    }
}
