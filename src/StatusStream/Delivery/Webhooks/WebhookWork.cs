using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>One status waiting in its endpoint's queue, with its target already parsed.</summary>
internal readonly record struct WebhookWork(OutboundStatus Outbound, Uri Target);
