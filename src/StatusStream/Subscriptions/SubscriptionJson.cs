using System.Globalization;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Subscriptions.Api;

namespace StatusStream.Subscriptions;

/// <summary>The names StatusStream uses for modes, states and outcomes, in the API and on the topic.</summary>
internal static class SubscriptionJson
{
    public const string Continuous = "continuous";
    public const string OnlyOnce = "only-once";

    public static string ModeName(SubscriptionMode mode) => mode == SubscriptionMode.OnlyOnce ? OnlyOnce : Continuous;

    public static SubscriptionMode? ParseMode(string? text) => text switch
    {
        Continuous => SubscriptionMode.Continuous,
        OnlyOnce => SubscriptionMode.OnlyOnce,
        _ => null,
    };

    public static string StateName(SubscriptionState state) => state == SubscriptionState.Disabled ? "disabled" : "active";

    public static string OutcomeName(OutcomeFilter outcome) => outcome switch
    {
        OutcomeFilter.Success => "success",
        OutcomeFilter.Failure => "failure",
        _ => "any",
    };

    public static OutcomeFilter? ParseOutcome(string? text) => text switch
    {
        null or "any" => OutcomeFilter.Any,
        "success" => OutcomeFilter.Success,
        "failure" => OutcomeFilter.Failure,
        _ => null,
    };

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>filter.kind of a subscription to statuses (the default, never written).</summary>
    public const string StatusKind = "status";

    /// <summary>filter.kind of a subscription to received text messages: the statusstream.kind header's value.</summary>
    public const string InboundMessageKind = InboundMessageHeaders.InboundMessageKind;

    public static OutboundKind? ParseKind(string? text) => text switch
    {
        null or StatusKind => OutboundKind.Status,
        InboundMessageKind => OutboundKind.InboundMessage,
        _ => null,
    };

    /// <summary>
    /// The filter as the API shows it: what narrows the subscription. A subscription to received text messages has no
    /// outcome (nor provider or event ids, which its rules refuse), so none is shown, even if the request said "any".
    /// </summary>
    public static SubscriptionFilterView ApiFilter(SubscriptionFilter filter) =>
        FilterView(filter, withOutcome: filter.Kind == OutboundKind.Status);

    /// <summary>
    /// The filter as the topic stores it: always with "outcome", because <see cref="SubscriptionRecord"/>'s reader
    /// requires it, in this version and the ones already deployed that read the same topic.
    /// </summary>
    public static SubscriptionFilterView RecordFilter(SubscriptionFilter filter) => FilterView(filter, withOutcome: true);

    public static string ProfileName(WebhookProfile profile) => WebhookProfileName.Of(profile);

    private static SubscriptionFilterView FilterView(SubscriptionFilter filter, bool withOutcome) => new(
        filter.Provider,
        filter.Service,
        withOutcome ? OutcomeName(filter.Outcome) : null,
        // Only when not the default, so the records and answers of status subscriptions stay as they were.
        filter.Kind == OutboundKind.InboundMessage ? InboundMessageKind : null,
        filter.EventIds.Count > 0 ? [.. filter.EventIds.Select(id => id.ToString("D"))] : null);
}
