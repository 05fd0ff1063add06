using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>What every endpoint's attempts share: the HTTP sender, the outcome sink, the clock, metrics and tracing.</summary>
internal sealed record WebhookAttemptServices(
    WebhookSender Sender, DeliveryOutcomes Outcomes, TimeProvider Time, StatusStreamMetrics? Metrics = null, StatusTracing? Tracing = null);
