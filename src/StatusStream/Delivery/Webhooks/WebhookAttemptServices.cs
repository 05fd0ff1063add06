using StatusStream.Telemetry;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// What every endpoint's attempts share: the HTTP sender, the outcome sink, the clock, metrics and tracing, and the
/// endpoints' states (operational events, auto-disable; null where a test needs none).
/// </summary>
internal sealed record WebhookAttemptServices(
    WebhookSender Sender, DeliveryOutcomes Outcomes, TimeProvider Time, StatusStreamMetrics? Metrics = null, StatusTracing? Tracing = null,
    WebhookEndpointStates? States = null);
