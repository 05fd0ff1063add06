using System.Text;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Intake;
using StatusStream.Routing;
using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>
/// One standing subscription (adidas API guidelines) as every instance holds it after reading the topic. Either a
/// webhook (<see cref="CallbackUrl"/>, <see cref="Profile"/>, <see cref="SigningSecret"/>) or a stream
/// (<see cref="Topic"/>, a callback topic of its own namespace). Its string form names the id only: the
/// URL and the secret never reach a log line or an assertion message.
/// </summary>
internal sealed record Subscription
{
    private readonly Lazy<SubscriptionWebhook?> _webhook;
    private readonly Lazy<ResolvedTarget> _target;

    public Subscription(Guid id, string ns, SubscriptionMode mode, SubscriptionState state, DateTimeOffset createdAt,
        SubscriptionFilter filter, string? callbackUrl, string? topic, WebhookProfile profile, string? signingSecret)
    {
        Id = id;
        Namespace = ns;
        Mode = mode;
        State = state;
        CreatedAt = createdAt;
        Filter = filter;
        CallbackUrl = callbackUrl;
        Topic = topic;
        Profile = profile;
        SigningSecret = signingSecret;
        _webhook = new Lazy<SubscriptionWebhook?>(BuildWebhook);
        _target = new Lazy<ResolvedTarget>(BuildTarget);
    }

    public Guid Id { get; }

    public string Namespace { get; }

    public SubscriptionMode Mode { get; }

    public SubscriptionState State { get; init; }

    public DateTimeOffset CreatedAt { get; }

    public SubscriptionFilter Filter { get; }

    /// <summary>The receiver's URL (webhook subscriptions); sealed on the topic.</summary>
    public string? CallbackUrl { get; }

    /// <summary>The callback topic statuses are produced to (streaming subscriptions).</summary>
    public string? Topic { get; }

    public WebhookProfile Profile { get; }

    /// <summary><c>whsec_...</c> (webhook subscriptions): returned once at creation, sealed on the topic.</summary>
    public string? SigningSecret { get; }

    public bool IsWebhook => CallbackUrl is not null;

    /// <summary>The subscription resource's link, the adidas API guidelines' <c>_links.self.href</c>.</summary>
    public string SelfHref => SelfHrefOf(Id);

    /// <summary>The target its statuses go to, with its selection (outcome, only-once takes one status).</summary>
    public ResolvedTarget Target => _target.Value;

    /// <summary>What the webhook transport needs for its callbacks; null for a stream.</summary>
    public SubscriptionWebhook? Webhook => _webhook.Value;

    public static string SelfHrefOf(Guid id) => $"/subscriptions/{id:D}";

    /// <summary>Whether <paramref name="notification"/> passes the filter (namespace is the index's business, outcome is also checked per status).</summary>
    public bool Matches(NotificationEvent notification)
    {
        if (Filter.Provider is { } provider && !string.Equals(provider, notification.Provider, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Filter.Service is { } service && !string.Equals(service, notification.Source?.Service, StringComparison.Ordinal))
        {
            return false;
        }

        if (Filter.EventIds.Count > 0 && !Filter.EventIds.Contains(notification.EventId))
        {
            return false;
        }

        if (Filter.Outcome == OutcomeFilter.Any)
        {
            return true;
        }

        // Indexed, not foreach: an interface's enumerator may be an allocation per subscription and event.
        var wanted = Filter.Outcome == OutcomeFilter.Success;
        var recipients = notification.Recipients;
        for (var i = 0; i < recipients.Count; i++)
        {
            if (recipients[i].Success == wanted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a received text message passes the filter of a subscription to messages (namespace is the index's business).</summary>
    public bool Matches(InboundMessage message) =>
        Filter.Kind == OutboundKind.InboundMessage
        && (Filter.Service is not { } service || string.Equals(service, message.Source?.Service, StringComparison.Ordinal));

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id.ToString("D")).Append(", Namespace = ").Append(Namespace)
            .Append(", Mode = ").Append(Mode).Append(", State = ").Append(State);
        return true;
    }

    private ResolvedTarget BuildTarget()
    {
        var selection = Filter.Outcome switch
        {
            OutcomeFilter.Success => StatusSelection.SuccessOnly,
            OutcomeFilter.Failure => StatusSelection.FailureOnly,
            _ => StatusSelection.All,
        };
        if (Mode == SubscriptionMode.OnlyOnce)
        {
            selection |= StatusSelection.FirstOnly;
        }

        var callback = IsWebhook
            ? new StatusCallback(CallbackType.Webhook, CallbackUrl!, Id)
            : new StatusCallback(CallbackType.Kafka, Topic!, Id);
        return new ResolvedTarget(callback, Refusal: null, selection);
    }

    private SubscriptionWebhook? BuildWebhook()
    {
        if (!IsWebhook)
        {
            return null;
        }

        IReadOnlyList<WebhookSigningKey> keys = WebhookSigningKey.TryParse(SigningSecret, out var key) ? [key] : [];
        return new SubscriptionWebhook(CallbackUrl!, Profile, new HalSubscriptionLink(SelfHref, Id.ToString("D")), keys);
    }
}
