using System.Globalization;
using Microsoft.Extensions.Options;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Intake;
using StatusStream.Kafka;

namespace StatusStream.Subscriptions;

/// <summary>Bad subscription settings stop the host at start with a message naming the setting (never a key's value).</summary>
internal sealed class SubscriptionOptionsValidator : IValidateOptions<SubscriptionOptions>
{
    public ValidateOptionsResult Validate(string? name, SubscriptionOptions options)
    {
        const string Section = SubscriptionOptions.SectionName;
        var failures = new List<string>();
        var invariant = CultureInfo.InvariantCulture;
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Check(TopicName.IsLegal(options.Topic), $"{Section}:Topic must be a legal Kafka topic name (was '{options.Topic}').");
        Check(CallbackTopicName.IsValid($"x.{options.StreamService}{CallbackTopicName.Suffix}"),
            $"{Section}:StreamService must be a DNS label, so that <namespace>.{options.StreamService}-callback is a callback topic (was '{options.StreamService}').");
        Check(WebhookProfileName.TryParse(options.DefaultProfile, out var profile) && profile is WebhookProfile.Hal or WebhookProfile.CityOs,
            $"{Section}:DefaultProfile must be {WebhookProfileName.Hal} or {WebhookProfileName.CityOs} (was '{options.DefaultProfile}').");
        Check(options.MaxPerNamespace >= 1, string.Create(invariant, $"{Section}:MaxPerNamespace must be at least 1 (was {options.MaxPerNamespace})."));
        Check(options.MaxBroadPerNamespace >= 1,
            string.Create(invariant, $"{Section}:MaxBroadPerNamespace must be at least 1 (was {options.MaxBroadPerNamespace})."));
        Check(options.MaxEventIds is >= 1 and <= 10_000, string.Create(invariant, $"{Section}:MaxEventIds must be between 1 and 10000 (was {options.MaxEventIds})."));
        Check(options.MaxPageSize is >= 1 and <= 1000, string.Create(invariant, $"{Section}:MaxPageSize must be between 1 and 1000 (was {options.MaxPageSize})."));
        Check(options.DefaultPageSize >= 1 && options.DefaultPageSize <= options.MaxPageSize,
            string.Create(invariant, $"{Section}:DefaultPageSize must be between 1 and {Section}:MaxPageSize (was {options.DefaultPageSize})."));
        Check(options.StartTimeoutSeconds is > 0 and <= 3600, string.Create(invariant, $"{Section}:StartTimeoutSeconds must be above 0 and at most 3600 (was {options.StartTimeoutSeconds})."));
        if (!ApiKeyRing.TryCreate(options.ApiKeys, out _, out var keyErrors))
        {
            failures.AddRange(keyErrors);
        }

        if (options.Enabled && !SecretSealer.TryCreate(options, out _, out var keyError))
        {
            failures.Add(keyError!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
