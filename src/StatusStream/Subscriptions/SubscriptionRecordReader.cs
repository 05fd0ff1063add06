using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StatusStream.Records;

namespace StatusStream.Subscriptions;

/// <summary>
/// Judges one record of the subscriptions topic before it may change the view: its key must be a subscription id, its
/// tag (<see cref="SubscriptionRecordTag"/>) must verify, its value must read, and what it says must pass the rules the API
/// applies (<see cref="SubscriptionRules.RecordRefusal"/>). The topic is an input like any other: whoever can write it
/// cannot make this instance send a namespace's statuses anywhere, or end another namespace's subscription, without the key.
/// </summary>
internal sealed class SubscriptionRecordReader(SecretSealer sealer, SubscriptionRules rules, IOptions<SubscriptionOptions> options)
{
    private readonly bool _acceptUntagged = options.Value.AcceptUntaggedRecords;

    public SubscriptionRecordRead Read(Message<byte[], byte[]> message)
    {
        if (message.Key is not { Length: > 0 and <= 64 } keyBytes || !Guid.TryParse(Encoding.UTF8.GetString(keyBytes), out var id))
        {
            return SubscriptionRecordRead.Skip(SubscriptionRecordRead.BadKey, "its key is not a subscription id");
        }

        var untagged = !SubscriptionRecordTag.IsPresent(message.Headers);
        if (untagged && !_acceptUntagged)
        {
            return SubscriptionRecordRead.Skip(SubscriptionRecordRead.Unauthenticated,
                $"it carries no {SubscriptionHeaders.Tag} header (written by hand, or by a version before it; see {SubscriptionOptions.SectionName}:AcceptUntaggedRecords)");
        }

        if (!untagged && !SubscriptionRecordTag.Verify(message.Headers, sealer, keyBytes, message.Value))
        {
            return SubscriptionRecordRead.Skip(SubscriptionRecordRead.Unauthenticated,
                $"its {SubscriptionHeaders.Tag} does not verify under any key of {SubscriptionOptions.SectionName}:EncryptionKey");
        }

        var ns = HeaderText.GetOrNull(message.Headers, SubscriptionHeaders.Namespace);
        if (message.Value is null)
        {
            return new SubscriptionRecordRead(id, null, ns, SubscriptionHeaders.Parse(HeaderText.GetOrNull(message.Headers, SubscriptionHeaders.Ended)),
                untagged, null, null);
        }

        if (!SubscriptionRecord.TryRead(id, message.Value, sealer, out var subscription, out var problem))
        {
            return SubscriptionRecordRead.Skip(SubscriptionRecordRead.Malformed, problem);
        }

        if (!untagged && ns != subscription!.Namespace)
        {
            return SubscriptionRecordRead.Skip(SubscriptionRecordRead.Refused, "its namespace header and its value name different namespaces");
        }

        return rules.RecordRefusal(subscription!) is { } refusal
            ? SubscriptionRecordRead.Skip(SubscriptionRecordRead.Refused, $"the API would refuse it: {refusal}")
            : new SubscriptionRecordRead(id, subscription, subscription!.Namespace, EndReason.Cancelled, untagged, null, null);
    }
}
