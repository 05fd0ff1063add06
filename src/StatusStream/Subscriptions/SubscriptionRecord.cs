using System.Buffers;
using System.Globalization;
using System.Text.Json;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Subscriptions.Api;

namespace StatusStream.Subscriptions;

/// <summary>
/// A subscription as a record value on the subscriptions topic (key = its id): JSON, version 1. What
/// must stay secret (a webhook's URL, which may carry a token, and its signing secret) is sealed with
/// <see cref="SecretSealer"/>; the plain part shows the URL only as scheme://host:port, for operators (records written
/// before 2026-12-02 show its path too, until they are rewritten).
/// <code>
/// {"v":1,"id":"…","namespace":"city","mode":"continuous","state":"active","createdAt":"…",
///  "callback":{"type":"webhook","display":"https://host:8443","profile":"hal","sealed":{"kid":"…","nonce":"…","data":"…"}},
///  "filter":{"outcome":"any"}}
/// </code>
/// </summary>
internal static class SubscriptionRecord
{
    private const int Version = 1;

    public static byte[] Write(Subscription subscription, SecretSealer sealer)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("id", subscription.Id.ToString("D"));
            writer.WriteString("namespace", subscription.Namespace);
            writer.WriteString("mode", SubscriptionJson.ModeName(subscription.Mode));
            writer.WriteString("state", SubscriptionJson.StateName(subscription.State));
            writer.WriteString("createdAt", SubscriptionJson.Timestamp(subscription.CreatedAt));
            writer.WriteStartObject("callback");
            if (subscription.IsWebhook)
            {
                writer.WriteString("type", "webhook");
                writer.WriteString("display", subscription.Target.Callback.DisplayTarget);
                writer.WriteString("profile", SubscriptionJson.ProfileName(subscription.Profile));
                var sealedValue = sealer.Seal(SecretsJson(subscription), AssociatedData(subscription.Id, subscription.Namespace));
                writer.WriteStartObject("sealed");
                writer.WriteString("kid", sealedValue.KeyId);
                writer.WriteString("nonce", sealedValue.Nonce);
                writer.WriteString("data", sealedValue.Data);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("type", "kafka");
                writer.WriteString("topic", subscription.Topic);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("filter");
            JsonSerializer.Serialize(writer, SubscriptionJson.RecordFilter(subscription.Filter), SubscriptionApiJson.Default.SubscriptionFilterView);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a record value back; <paramref name="problem"/> says why not (never quoting a secret).</summary>
    public static bool TryRead(Guid key, byte[] value, SecretSealer sealer, out Subscription? subscription, out string problem)
    {
        subscription = null;
        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                problem = "unknown record version";
                return false;
            }

            var id = root.GetProperty("id").GetGuid();
            if (id != key)
            {
                problem = "the record's id differs from its key";
                return false;
            }

            var ns = Required(root, "namespace");
            var mode = SubscriptionJson.ParseMode(root.GetProperty("mode").GetString()) ?? throw new FormatException("mode");
            var state = root.GetProperty("state").GetString() == "disabled" ? SubscriptionState.Disabled : SubscriptionState.Active;
            var createdAt = DateTimeOffset.Parse(Required(root, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var filterElement = root.GetProperty("filter");
            var filter = new SubscriptionFilter(
                filterElement.TryGetProperty("provider", out var provider) ? provider.GetString() : null,
                filterElement.TryGetProperty("sourceService", out var service) ? service.GetString() : null,
                SubscriptionJson.ParseOutcome(filterElement.GetProperty("outcome").GetString()) ?? throw new FormatException("outcome"),
                filterElement.TryGetProperty("eventIds", out var ids) ? [.. ids.EnumerateArray().Select(e => e.GetGuid())] : [],
                SubscriptionJson.ParseKind(filterElement.TryGetProperty("kind", out var kind) ? kind.GetString() : null) ?? throw new FormatException("kind"));
            var callback = root.GetProperty("callback");
            if (callback.GetProperty("type").GetString() == "kafka")
            {
                subscription = new Subscription(id, ns, mode, state, createdAt, filter, callbackUrl: null,
                    Required(callback, "topic"), WebhookProfile.Hal, signingSecret: null);
                problem = "";
                return true;
            }

            var profile = WebhookProfileName.TryParse(callback.GetProperty("profile").GetString(), out var parsed) ? parsed : throw new FormatException("profile");
            var sealedElement = callback.GetProperty("sealed");
            var sealedValue = new SealedValue(Required(sealedElement, "kid"), Required(sealedElement, "nonce"), Required(sealedElement, "data"));
            if (sealer.Open(sealedValue, AssociatedData(id, ns)) is not { } secrets)
            {
                problem = $"its secrets do not open with any key of {SubscriptionOptions.SectionName}:EncryptionKey (sealed with key id {sealedValue.KeyId})";
                return false;
            }

            using var secretsDocument = JsonDocument.Parse(secrets);
            subscription = new Subscription(id, ns, mode, state, createdAt, filter,
                Required(secretsDocument.RootElement, "url"), topic: null, profile, Required(secretsDocument.RootElement, "secret"));
            problem = "";
            return true;
        }
        // Everything a hostile or damaged value can make the parser throw: a record that cannot be read is skipped, never fatal.
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException
            or OverflowException)
        {
            problem = $"not a subscription record ({e.GetType().Name})";
            return false;
        }
    }

    /// <summary>A string property that must be there and not null (a JSON null would otherwise travel on as a null reference).</summary>
    private static string Required(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException(name);

    private static string AssociatedData(Guid id, string ns) => $"statusstream.subscription/{id:D}/{ns}";

    private static byte[] SecretsJson(Subscription subscription)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("url", subscription.CallbackUrl);
            writer.WriteString("secret", subscription.SigningSecret);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
