using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>A page's <c>_embedded</c>: the subscriptions on it.</summary>
internal sealed record SubscriptionPageItems([property: JsonPropertyName("subscriptions")] IReadOnlyList<SubscriptionView> Subscriptions);
