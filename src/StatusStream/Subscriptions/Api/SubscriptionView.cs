using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>
/// The subscription resource (<c>application/hal+json</c>). <c>message</c> and <c>signingSecret</c> only in the answer to
/// the POST that created it; <c>callbackUrl</c> and <c>profile</c> for a webhook, <c>topic</c> for a stream.
/// </summary>
[Description("A subscription (HAL). message and signingSecret only in the POST answer; callbackUrl and profile for a webhook, topic for a stream.")]
internal sealed record SubscriptionView(
    [property: JsonPropertyName("_links")] HalLinks Links,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("UUID")] string Uuid,
    [property: JsonPropertyName("mode"), Description("\"only-once\" or \"continuous\".")] string Mode,
    [property: JsonPropertyName("state"), Description("\"active\" or \"disabled\".")] string State,
    [property: JsonPropertyName("createdAt")] string CreatedAt,
    [property: JsonPropertyName("callbackUrl")] string? CallbackUrl,
    [property: JsonPropertyName("profile")] string? Profile,
    [property: JsonPropertyName("topic"), Description("The callback topic to read; its records carry this UUID in a header.")] string? Topic,
    [property: JsonPropertyName("filter")] SubscriptionFilterView Filter,
    [property: JsonPropertyName("signingSecret"), Description("whsec_…: the Standard Webhooks secret, shown once.")] string? SigningSecret);
