using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>Where a page is: its number (from 1), its size, and the totals.</summary>
internal sealed record PageInfo(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("totalElements")] int TotalElements,
    [property: JsonPropertyName("totalPages")] int TotalPages);
