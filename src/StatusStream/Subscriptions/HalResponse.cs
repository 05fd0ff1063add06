using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusStream.Outbound;
using StatusStream.Subscriptions.Api;

namespace StatusStream.Subscriptions;

/// <summary>The API's <c>application/hal+json</c> answers (adidas API guidelines): every resource has <c>_links.self.href</c> and its <c>UUID</c>.</summary>
internal static class HalResponse
{
    public const string ContentType = "application/hal+json";

    public const string AcceptedMessage = "Your request to subscribe to notification statuses has been accepted.";
    public const string AcceptedInboundMessage = "Your request to subscribe to received text messages has been accepted.";
    public const string CancelledMessage = "Your subscription is cancelled.";

    /// <summary>201 with the new resource; the caller sets Location to its self link.</summary>
    public static JsonHttpResult<SubscriptionView> Created(Subscription subscription) =>
        TypedResults.Json(View(subscription,
                subscription.Filter.Kind == OutboundKind.InboundMessage ? AcceptedInboundMessage : AcceptedMessage,
                // Shown this once: only its sealed form is stored, and no GET returns it.
                subscription.SigningSecret),
            SubscriptionApiJson.Answers.SubscriptionView, ContentType, StatusCodes.Status201Created);

    public static JsonHttpResult<SubscriptionView> One(Subscription subscription) =>
        TypedResults.Json(View(subscription, message: null, signingSecret: null), SubscriptionApiJson.Answers.SubscriptionView, ContentType);

    public static JsonHttpResult<SubscriptionPageView> Page(IReadOnlyList<Subscription> page, int number, int size, int total)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        var links = new HalLinks(
            new HalLink(PageHref(number, size)),
            new HalLink(PageHref(1, size)),
            number > 1 ? new HalLink(PageHref(Math.Min(number - 1, pages), size)) : null,
            number < pages ? new HalLink(PageHref(number + 1, size)) : null);
        var items = page.Select(subscription => View(subscription, message: null, signingSecret: null)).ToList();
        return TypedResults.Json(new SubscriptionPageView(links, new SubscriptionPageItems(items), new PageInfo(number, size, total, pages)),
            SubscriptionApiJson.Answers.SubscriptionPageView, ContentType);
    }

    public static JsonHttpResult<SubscriptionCancelledView> Cancelled(Guid id) =>
        TypedResults.Json(new SubscriptionCancelledView(HalLinks.To(Subscription.SelfHrefOf(id)), CancelledMessage),
            SubscriptionApiJson.Answers.SubscriptionCancelledView, ContentType, StatusCodes.Status202Accepted);

    private static string PageHref(int number, int size) => $"/subscriptions?page={number}&size={size}";

    private static SubscriptionView View(Subscription subscription, string? message, string? signingSecret) => new(
        HalLinks.To(subscription.SelfHref),
        message,
        subscription.Id.ToString("D"),
        SubscriptionJson.ModeName(subscription.Mode),
        SubscriptionJson.StateName(subscription.State),
        SubscriptionJson.Timestamp(subscription.CreatedAt),
        subscription.IsWebhook ? subscription.CallbackUrl : null,
        subscription.IsWebhook ? SubscriptionJson.ProfileName(subscription.Profile) : null,
        // The streaming variant: the topic to read; its records carry this subscription's UUID in a header.
        subscription.IsWebhook ? null : subscription.Topic,
        SubscriptionJson.ApiFilter(subscription.Filter),
        signingSecret);
}
