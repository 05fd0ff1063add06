using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Intake;
using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>
/// Whether a well-formed request may become a subscription of the caller's namespace (adidas API guidelines: if not,
/// 403 with the reason). Refused: a callback URL outside the webhook grammar, one the SSRF rules would
/// not connect to (checked on the addresses its host resolves to now; the connect-time guard checks
/// again on every request), one that matches no named endpoint when Webhooks:RequireKnownEndpoint is set;
/// another namespace's topic or source namespace; an unknown profile, or one that needs credentials a
/// subscription cannot carry (osp, govuk-notify); a filter value that can never match; too many subscriptions.
/// The same rules (all but DNS resolution and the counts) judge every record read back from the subscriptions topic
/// (<see cref="RecordRefusal"/>): a record that passed its tag but not these is skipped as well.
/// </summary>
internal sealed class SubscriptionRules(
    IOptions<SubscriptionOptions> options,
    IOptions<WebhookOptions> webhookOptions,
    NamedEndpointMatcher endpoints,
    WebhookAddressRules addressRules,
    IHostResolver resolver,
    TimeProvider time)
{
    private const int MaxProviderLength = 128;

    /// <summary>StatusStream's own topics are statusstream.*: no namespace of that name may subscribe, nor have its callback topics written.</summary>
    private const string ReservedNamespace = "statusstream";
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The new subscription, or null and the reason it is refused.</summary>
    /// <remarks><paramref name="live"/> must stay true until the subscription is written: the caller holds its namespace's turn.</remarks>
    public async Task<(Subscription? Subscription, string? Refusal)> JudgeAsync(string ns, SubscriptionRequest request, (int Total, int Broad) live,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (live.Total >= settings.MaxPerNamespace)
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture,
                $"Namespace '{ns}' already has {live.Total} subscriptions, the most allowed ({SubscriptionOptions.SectionName}:MaxPerNamespace); cancel some first."));
        }

        if (RequestRefusal(ns, request, settings) is { } requestRefusal)
        {
            return Refuse(requestRefusal);
        }

        var filter = new SubscriptionFilter(
            request.Provider,
            request.SourceService,
            SubscriptionJson.ParseOutcome(request.Outcome)!.Value,
            [.. request.EventIds.Select(Guid.Parse).Distinct()],
            SubscriptionJson.ParseKind(request.Kind)!.Value);
        if (FilterRefusal(ns, filter, settings) is { } filterRefusal)
        {
            return Refuse(filterRefusal);
        }

        if (NamespaceSubscriptions.IsBroad(filter) && live.Broad >= settings.MaxBroadPerNamespace)
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture,
                $"Namespace '{ns}' already has {live.Broad} subscriptions that name no 'filter.eventIds', 'filter.sourceService' or 'filter.provider', the most allowed ({SubscriptionOptions.SectionName}:MaxBroadPerNamespace): every event looks at each of them. Narrow this one, or cancel some first."));
        }

        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        if (request.CallbackUrl is null)
        {
            if (request.Profile is not null)
            {
                return Refuse("'profile' applies to webhook subscriptions only; a stream carries the records a callback topic gets, with a subscription-id header.");
            }

            var topic = request.CallbackTopic ?? CallbackTopicName.For(ns, settings.StreamService);
            if (TopicRefusal(ns, topic) is { } topicRefusal)
            {
                return Refuse(topicRefusal);
            }

            return (new Subscription(id, ns, request.Mode, SubscriptionState.Active, now, filter, callbackUrl: null, topic, WebhookProfile.Hal, signingSecret: null), null);
        }

        var profileName = request.Profile ?? settings.DefaultProfile;
        if (!WebhookProfileName.TryParse(profileName, out var profile))
        {
            return Refuse($"Unknown 'profile'; use one of: {WebhookProfileName.CityOs}, {WebhookProfileName.Hal}.");
        }

        if (ProfileRefusal(profile) is { } profileRefusal)
        {
            return Refuse(profileRefusal);
        }

        if (await CallbackUrlRefusalAsync(request.CallbackUrl, cancellationToken).ConfigureAwait(false) is { } urlRefusal)
        {
            return Refuse(urlRefusal);
        }

        var secret = WebhookSigningKey.Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return (new Subscription(id, ns, request.Mode, SubscriptionState.Active, now, filter, request.CallbackUrl, topic: null, profile, secret), null);
    }

    /// <summary>
    /// Why a subscription read from the topic is not one the API would have created for its namespace, or null. Its callback URL's
    /// host is not resolved here (this runs on the follower's thread); the connect-time guard checks the addresses of every request.
    /// </summary>
    public string? RecordRefusal(Subscription subscription)
    {
        var settings = options.Value;
        var ns = subscription.Namespace;
        if (NamespaceRefusal(ns) is { } namespaceRefusal)
        {
            return namespaceRefusal;
        }

        if (FilterRefusal(ns, subscription.Filter, settings) is { } filterRefusal)
        {
            return filterRefusal;
        }

        if (!subscription.IsWebhook)
        {
            return subscription.Topic is { } topic ? TopicRefusal(ns, topic) : "it has neither a callback URL nor a topic";
        }

        if (subscription.SigningSecret is null || !subscription.SigningSecret.StartsWith(WebhookSigningKey.Prefix, StringComparison.Ordinal))
        {
            return "its signing secret is not one StatusStream makes";
        }

        return ProfileRefusal(subscription.Profile) ?? CallbackUrlShapeRefusal(subscription.CallbackUrl!)
            ?? (IPAddress.TryParse(new Uri(subscription.CallbackUrl!).IdnHost.Trim('[', ']'), out var literal) && addressRules.Refusal(literal) is { } refusal
                ? $"'callbackUrl' is not allowed: {refusal}."
                : null);
    }

    private static (Subscription?, string?) Refuse(string why) => (null, why);

    private static string? NamespaceRefusal(string ns) =>
        !CallbackTopicName.IsValid($"{ns}.x{CallbackTopicName.Suffix}") ? "its namespace is not a DNS label"
        : ns == ReservedNamespace ? $"the namespace '{ReservedNamespace}' is StatusStream's own"
        : null;

    /// <summary>A stream's topic must be a callback topic of the subscription's own namespace: never another's, never an internal topic (statusstream.*, __*).</summary>
    private static string? TopicRefusal(string ns, string topic)
    {
        if (!CallbackTopicName.TryParse(topic, out var topicNamespace, out _))
        {
            return "'callbackTopic' must be a callback topic, <namespace>.<service>-callback.";
        }

        if (topicNamespace != ns)
        {
            return $"'callbackTopic' belongs to another namespace; yours is '{ns}'.";
        }

        return NamespaceRefusal(topicNamespace);
    }

    private static string? ProfileRefusal(WebhookProfile profile) => profile is WebhookProfile.Hal or WebhookProfile.CityOs
        ? null
        : $"The '{WebhookProfileName.Of(profile)}' profile needs receiver credentials that a subscription cannot carry; use {WebhookProfileName.Hal} or {WebhookProfileName.CityOs}.";

    /// <summary>What only a request has: its raw values, before they become a <see cref="SubscriptionFilter"/>.</summary>
    private static string? RequestRefusal(string ns, SubscriptionRequest request, SubscriptionOptions settings)
    {
        if (NamespaceRefusal(ns) is { } namespaceRefusal)
        {
            return $"Namespace '{ns}' cannot subscribe: {namespaceRefusal}.";
        }

        if (request.SourceNamespace is not null && request.SourceNamespace != ns)
        {
            return $"'filter.sourceNamespace' names another namespace; a subscription only ever receives what its own namespace ('{ns}') sends.";
        }

        if (SubscriptionJson.ParseOutcome(request.Outcome) is null)
        {
            return "'filter.outcome' must be \"success\", \"failure\" or \"any\".";
        }

        if (SubscriptionJson.ParseKind(request.Kind) is null)
        {
            return $"'filter.kind' must be \"{SubscriptionJson.StatusKind}\" or \"{SubscriptionJson.InboundMessageKind}\".";
        }

        // Counted before any is parsed: a request may not make this instance parse a million ids.
        if (request.EventIds.Count > settings.MaxEventIds)
        {
            return EventIdsRefusal(settings);
        }

        if (request.EventIds.FirstOrDefault(id => !CanonicalUuid.TryParse(Encoding.UTF8.GetBytes(id), out _)) is { } bad)
        {
            return $"'filter.eventIds' holds '{(bad.Length > 40 ? bad[..40] : bad)}', which is not a uuid.";
        }

        return null;
    }

    /// <summary>The filter's own rules, which a request and a record read back must both pass.</summary>
    private static string? FilterRefusal(string ns, SubscriptionFilter filter, SubscriptionOptions settings)
    {
        if (filter.Provider is { } provider && (provider.Length is 0 or > MaxProviderLength))
        {
            return $"'filter.provider' must be 1 to {MaxProviderLength} characters.";
        }

        if (filter.Service is { } service && !CallbackTopicName.IsValid($"{ns}.{service}{CallbackTopicName.Suffix}"))
        {
            return "'filter.sourceService' must be a service name (a DNS label: a-z, 0-9, '-', 1 to 63 characters).";
        }

        if (filter.Kind == OutboundKind.InboundMessage && (filter.Provider is not null || filter.Outcome != OutcomeFilter.Any || filter.EventIds.Count > 0))
        {
            // Provider, outcome and event ids describe a notification's statuses; a received text message has none of them.
            return $"'filter.kind' \"{SubscriptionJson.InboundMessageKind}\" can be narrowed by 'filter.sourceService' only.";
        }

        return filter.EventIds.Count > settings.MaxEventIds ? EventIdsRefusal(settings) : null;
    }

    private static string EventIdsRefusal(SubscriptionOptions settings) =>
        string.Create(CultureInfo.InvariantCulture, $"'filter.eventIds' may list at most {settings.MaxEventIds} ids ({SubscriptionOptions.SectionName}:MaxEventIds).");

    private string? CallbackUrlShapeRefusal(string url)
    {
        if (WebhookUrl.Problem(url) is { } shape)
        {
            return $"'callbackUrl' is not a webhook URL: {shape}.";
        }

        return webhookOptions.Value.RequireKnownEndpoint && endpoints.Match(url) is null
            ? "'callbackUrl' matches no receiver this service is configured for (Webhooks:RequireKnownEndpoint)."
            : null;
    }

    private async Task<string?> CallbackUrlRefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (CallbackUrlShapeRefusal(url) is { } shape)
        {
            return shape;
        }

        var host = new Uri(url).IdnHost.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ResolveTimeout);
                addresses = await resolver.ResolveAsync(host, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return "'callbackUrl': its host name does not resolve.";
            }
        }

        foreach (var address in addresses)
        {
            if (addressRules.Refusal(address) is { } refusal)
            {
                return $"'callbackUrl' is not allowed: {refusal}.";
            }
        }

        return addresses.Length == 0 ? "'callbackUrl': its host name resolves to no address." : null;
    }
}
