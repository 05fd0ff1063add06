using Newtonsoft.Json;

namespace StatusStream.Tests.Serialization;

/// <summary>A NotificationStatus as a Confluent JsonDeserializer user would declare it (Newtonsoft.Json names).</summary>
public sealed class RegistryStatus
{
    [JsonProperty("event_id")]
    public Guid EventId { get; set; }

    [JsonProperty("recipient")]
    public Guid Recipient { get; set; }

    [JsonProperty("success")]
    public bool Success { get; set; }

    [JsonProperty("error")]
    public string Error { get; set; } = "";

    [JsonProperty("provider")]
    public string Provider { get; set; } = "";
}
