using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>A HAL link: <c>{"href":…}</c>.</summary>
internal sealed record HalLink([property: JsonPropertyName("href")] string Href);
