using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>The answer to PUT /subscriptions/{id} (<c>application/hal+json</c>).</summary>
internal sealed record SubscriptionCancelledView(
    [property: JsonPropertyName("_links")] HalLinks Links,
    [property: JsonPropertyName("message")] string Message);
