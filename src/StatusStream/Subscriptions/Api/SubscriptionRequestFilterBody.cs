using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>The <c>filter</c> of a POST /subscriptions body: every given field must match.</summary>
[Description("What narrows the subscription, beyond the caller's namespace: every given field must match.")]
internal sealed class SubscriptionRequestFilterBody
{
    [JsonPropertyName("provider")]
    [Description("The event's provider (e.g. email, sms), compared case-insensitively.")]
    public string? Provider { get; set; }

    [JsonPropertyName("sourceNamespace")]
    [Description("The event's source namespace: only the caller's own.")]
    public string? SourceNamespace { get; set; }

    [JsonPropertyName("sourceService")]
    [Description("The event's source service.")]
    public string? SourceService { get; set; }

    [JsonPropertyName("outcome")]
    [Description("\"any\" (the default), \"success\" or \"failure\".")]
    public string? Outcome { get; set; }

    [JsonPropertyName("eventIds")]
    [Description("Only these notifications (event_id uuids).")]
    public List<string?>? EventIds { get; set; }

    [JsonPropertyName("kind")]
    [Description("\"status\" (the default) or \"inbound-message\" (received text messages, narrowed by sourceService only).")]
    public string? Kind { get; set; }
}
