using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StatusStream.Subscriptions.Api;

/// <summary>
/// A POST /subscriptions body as JSON has it, before <see cref="SubscriptionRequestReader"/> checks it. Every field is
/// nullable: JSON null reads as absent, and "mode is required" is the reader's message, not the serializer's.
/// </summary>
[Description("A subscription request: the mode, and a webhook (callbackUrl) or a stream (no callbackUrl; callbackTopic optional).")]
internal sealed class SubscriptionRequestBody
{
    [JsonPropertyName("mode")]
    [Description("\"only-once\" (ends after the first status delivered) or \"continuous\". Required.")]
    public string? Mode { get; set; }

    [JsonPropertyName("callbackUrl")]
    [Description("A webhook: the https (or allowed http) URL statuses are POSTed to. Not with callbackTopic.")]
    public string? CallbackUrl { get; set; }

    [JsonPropertyName("callbackTopic")]
    [Description("A stream: a callback topic of the caller's own namespace. Not with callbackUrl.")]
    public string? CallbackTopic { get; set; }

    [JsonPropertyName("profile")]
    [Description("The webhook body format: \"hal\" (the default) or \"cityos\".")]
    public string? Profile { get; set; }

    [JsonPropertyName("filter")]
    public SubscriptionRequestFilterBody? Filter { get; set; }
}
