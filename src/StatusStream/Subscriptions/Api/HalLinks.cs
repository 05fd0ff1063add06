using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>A resource's or a page's <c>_links</c>: always <c>self</c>; a page also has <c>first</c>, and <c>prev</c>/<c>next</c> where there is one.</summary>
internal sealed record HalLinks(
    [property: JsonPropertyName("self")] HalLink Self,
    [property: JsonPropertyName("first")] HalLink? First = null,
    [property: JsonPropertyName("prev")] HalLink? Prev = null,
    [property: JsonPropertyName("next")] HalLink? Next = null)
{
    public static HalLinks To(string href) => new(new HalLink(href));
}
