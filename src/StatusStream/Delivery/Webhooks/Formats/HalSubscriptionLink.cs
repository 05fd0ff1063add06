namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// The subscription a <c>hal</c> callback reports on (adidas API guidelines): the callback repeats the subscription
/// resource's <c>_links.self.href</c> and <c>UUID</c>, so the subscriber can tell its subscriptions apart.
/// </summary>
/// <param name="SelfHref">The subscription resource's own link, e.g. <c>/subscriptions/4746</c>.</param>
/// <param name="Uuid">The id the subscription was created with (the adidas API guidelines call it <c>UUID</c>).</param>
/// <param name="Message">An optional human-readable line, as the adidas API guidelines' responses carry one; omitted when null.</param>
internal sealed record HalSubscriptionLink(string SelfHref, string Uuid, string? Message = null);
