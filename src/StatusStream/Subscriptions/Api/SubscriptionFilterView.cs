using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>A subscription's filter as the API shows it and the subscriptions topic stores it; absent fields do not narrow.</summary>
[Description("What narrows the subscription; absent fields do not narrow.")]
internal sealed record SubscriptionFilterView(
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("sourceService")] string? SourceService,
    [property: JsonPropertyName("outcome"), Description("\"any\", \"success\" or \"failure\"; absent for received text messages.")] string? Outcome,
    [property: JsonPropertyName("kind"), Description("\"inbound-message\" for received text messages; absent for statuses.")] string? Kind,
    [property: JsonPropertyName("eventIds")] IReadOnlyList<string>? EventIds);
