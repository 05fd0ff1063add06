using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>One page of the caller's subscriptions (<c>application/hal+json</c>).</summary>
internal sealed record SubscriptionPageView(
    [property: JsonPropertyName("_links")] HalLinks Links,
    [property: JsonPropertyName("_embedded")] SubscriptionPageItems Embedded,
    [property: JsonPropertyName("page")] PageInfo Page);
