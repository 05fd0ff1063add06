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
/// Whether a well-formed request may become a subscription of the caller's namespace (seed 002: if not,
/// 403 with the reason). Refused: a callback URL outside the webhook grammar, one the SSRF rules would
/// not connect to (checked on the addresses its host resolves to now; the connect-time guard checks
/// again on every request), one that matches no named endpoint when Webhooks:RequireKnownEndpoint is set;
/// another namespace's topic or source namespace; an unknown profile, or one that needs credentials a
/// subscription cannot carry (osp, govuk-notify); a filter value that can never match; too many subscriptions.
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
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The new subscription, or null and the reason it is refused.</summary>
    public async Task<(Subscription? Subscription, string? Refusal)> JudgeAsync(string ns, SubscriptionRequest request, int liveInNamespace, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (liveInNamespace >= settings.MaxPerNamespace)
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture,
                $"Namespace '{ns}' already has {liveInNamespace} subscriptions, the most allowed ({SubscriptionOptions.SectionName}:MaxPerNamespace); cancel some first."));
        }

        if (FilterRefusal(ns, request, settings) is { } filterRefusal)
        {
            return Refuse(filterRefusal);
        }

        var filter = new SubscriptionFilter(
            request.Provider,
            request.SourceService,
            SubscriptionJson.ParseOutcome(request.Outcome)!.Value,
            [.. request.EventIds.Select(Guid.Parse).Distinct()],
            SubscriptionJson.ParseKind(request.Kind)!.Value);
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        if (request.CallbackUrl is null)
        {
            if (request.Profile is not null)
            {
                return Refuse("'profile' applies to webhook subscriptions only; a stream carries the records a callback topic gets, with a subscription-id header.");
            }

            var topic = request.CallbackTopic ?? CallbackTopicName.For(ns, settings.StreamService);
            if (!CallbackTopicName.TryParse(topic, out var topicNamespace, out _))
            {
                return Refuse("'callbackTopic' must be a callback topic, <namespace>.<service>-callback.");
            }

            if (topicNamespace != ns)
            {
                return Refuse($"'callbackTopic' belongs to another namespace; yours is '{ns}'.");
            }

            return (new Subscription(id, ns, request.Mode, SubscriptionState.Active, now, filter, callbackUrl: null, topic, WebhookProfile.Hal, signingSecret: null), null);
        }

        var profileName = request.Profile ?? settings.DefaultProfile;
        if (!WebhookProfileName.TryParse(profileName, out var profile))
        {
            return Refuse($"Unknown 'profile'; use one of: {WebhookProfileName.CityOs}, {WebhookProfileName.Hal}.");
        }

        if (profile is WebhookProfile.Osp or WebhookProfile.GovUkNotify)
        {
            return Refuse($"The '{WebhookProfileName.Of(profile)}' profile needs receiver credentials that a subscription cannot carry; use {WebhookProfileName.Hal} or {WebhookProfileName.CityOs}.");
        }

        if (await CallbackUrlRefusalAsync(request.CallbackUrl, cancellationToken).ConfigureAwait(false) is { } urlRefusal)
        {
            return Refuse(urlRefusal);
        }

        var secret = WebhookSigningKey.Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return (new Subscription(id, ns, request.Mode, SubscriptionState.Active, now, filter, request.CallbackUrl, topic: null, profile, secret), null);
    }

    private static (Subscription?, string?) Refuse(string why) => (null, why);

    private static string? FilterRefusal(string ns, SubscriptionRequest request, SubscriptionOptions settings)
    {
        if (request.SourceNamespace is not null && request.SourceNamespace != ns)
        {
            return $"'filter.sourceNamespace' names another namespace; a subscription only ever receives what its own namespace ('{ns}') sends.";
        }

        if (request.Provider is { } provider && (provider.Length is 0 or > MaxProviderLength))
        {
            return $"'filter.provider' must be 1 to {MaxProviderLength} characters.";
        }

        if (request.SourceService is { } service && !CallbackTopicName.IsValid($"{ns}.{service}{CallbackTopicName.Suffix}"))
        {
            return "'filter.sourceService' must be a service name (a DNS label: a-z, 0-9, '-', 1 to 63 characters).";
        }

        if (SubscriptionJson.ParseOutcome(request.Outcome) is null)
        {
            return "'filter.outcome' must be \"success\", \"failure\" or \"any\".";
        }

        if (SubscriptionJson.ParseKind(request.Kind) is not { } kind)
        {
            return $"'filter.kind' must be \"{SubscriptionJson.StatusKind}\" or \"{SubscriptionJson.InboundMessageKind}\".";
        }

        if (kind == OutboundKind.InboundMessage && (request.Provider is not null || request.Outcome is not (null or "any") || request.EventIds.Count > 0))
        {
            // Provider, outcome and event ids describe a notification's statuses; a received text message has none of them.
            return $"'filter.kind' \"{SubscriptionJson.InboundMessageKind}\" can be narrowed by 'filter.sourceService' only.";
        }

        if (request.EventIds.Count > settings.MaxEventIds)
        {
            return string.Create(CultureInfo.InvariantCulture, $"'filter.eventIds' may list at most {settings.MaxEventIds} ids ({SubscriptionOptions.SectionName}:MaxEventIds).");
        }

        if (request.EventIds.FirstOrDefault(id => !CanonicalUuid.TryParse(Encoding.UTF8.GetBytes(id), out _)) is { } bad)
        {
            return $"'filter.eventIds' holds '{(bad.Length > 40 ? bad[..40] : bad)}', which is not a uuid.";
        }

        return null;
    }

    private async Task<string?> CallbackUrlRefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (WebhookUrl.Problem(url) is { } shape)
        {
            return $"'callbackUrl' is not a webhook URL: {shape}.";
        }

        if (webhookOptions.Value.RequireKnownEndpoint && endpoints.Match(url) is null)
        {
            return "'callbackUrl' matches no receiver this service is configured for (Webhooks:RequireKnownEndpoint).";
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
