using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace StatusStream.Subscriptions;

/// <summary>
/// The API's refusals as RFC 9457 problem details (<c>application/problem+json</c>: type, title, status, detail), as the adidas API guidelines ask; written
/// by ASP.NET Core's problem details service (registered with the routes). The detail says what to change; it never quotes
/// a URL, a key or a secret the caller sent.
/// </summary>
internal static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    /// <summary>Problem types: relative URIs, each documented in docs/subscriptions-api.md.</summary>
    public const string Malformed = "/problems/malformed-request";
    public const string Refused = "/problems/subscription-refused";
    public const string Unauthenticated = "/problems/unauthenticated";
    public const string NotFound = "/problems/subscription-not-found";
    public const string Unavailable = "/problems/store-unavailable";

    public const string UnauthenticatedChallenge = "Bearer realm=\"statusstream-subscriptions\"";

    public static ProblemHttpResult BadRequest(string detail) =>
        Problem(StatusCodes.Status400BadRequest, Malformed, "The request is malformed", detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, Refused, "The subscription is not accepted", detail);

    /// <summary>401; the caller adds <see cref="UnauthenticatedChallenge"/> as WWW-Authenticate.</summary>
    public static ProblemHttpResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, Unauthenticated, "An API key is required",
            "Send your namespace's API key as 'Authorization: Bearer <key>'.");

    public static ProblemHttpResult NotFoundFor() =>
        Problem(StatusCodes.Status404NotFound, NotFound, "No such subscription",
            "There is no subscription with this id in your namespace.");

    public static ProblemHttpResult StoreUnavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, Unavailable, "The subscription store is unavailable",
            "The change could not be written to the subscriptions topic; nothing was changed. Try again.");

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail, instance: null, status, title, type);
}
