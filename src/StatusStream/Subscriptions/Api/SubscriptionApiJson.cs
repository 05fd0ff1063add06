using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>
/// The API's JSON, generated at build time. Reading is strict (the options of <see cref="JsonSerializerOptions.Strict"/>):
/// an unknown or repeated property is refused, not ignored, and nothing is matched case-insensitively. Writing leaves
/// absent (null) fields out, which is how every optional field of the answers has always been "not there".
/// </summary>
[JsonSourceGenerationOptions(
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // Bodies nest four deep at most; a deeper one is not a subscription request.
    MaxDepth = 8)]
[JsonSerializable(typeof(SubscriptionRequestBody))]
[JsonSerializable(typeof(SubscriptionView))]
[JsonSerializable(typeof(SubscriptionPageView))]
[JsonSerializable(typeof(SubscriptionCancelledView))]
[JsonSerializable(typeof(SubscriptionFilterView))]
internal sealed partial class SubscriptionApiJson : JsonSerializerContext
{
    /// <summary>
    /// The context the answers are written with: characters such as ' and + as they are (no \u0027), as the hand-written
    /// answers had them; every answer is JSON in a JSON response, never inlined into HTML.
    /// </summary>
    public static SubscriptionApiJson Answers { get; } = new(new JsonSerializerOptions
    {
        // As in the attribute above (Default's options cannot be copied here: the order of static initializers across
        // the generated part and this one is not defined).
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
