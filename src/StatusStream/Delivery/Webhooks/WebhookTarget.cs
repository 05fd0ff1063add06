namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// A target URL resolved once: its parsed form and the endpoint that delivers to it. Every recipient of an
/// event shares one target, so the last one resolved is kept and its parse is not repeated per status.
/// </summary>
internal sealed record WebhookTarget(string Text, Uri Uri, WebhookEndpoint Endpoint);
