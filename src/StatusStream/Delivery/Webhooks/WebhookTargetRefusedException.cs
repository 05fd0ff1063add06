namespace StatusStream.Delivery.Webhooks;

/// <summary>The target resolved only to addresses the SSRF rules refuse; no connection was made. Permanent.</summary>
internal sealed class WebhookTargetRefusedException(string message) : Exception(message);
