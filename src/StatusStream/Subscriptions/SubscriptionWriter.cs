using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.OperationalEvents;
using StatusStream.Records;

namespace StatusStream.Subscriptions;

/// <summary>
/// Writes to the subscriptions topic, the only store. API changes are awaited until the broker has them
/// and this instance's follower has read them back (so a 201 is visible to the next GET and to routing);
/// ends decided on delivery threads (only-once completed, 410 disabled) are handed off without waiting.
/// </summary>
internal sealed class SubscriptionWriter(
    IProducer<byte[], byte[]> producer,
    NonBlockingProducer background,
    SubscriptionTopicFollower follower,
    SecretSealer sealer,
    IOptions<SubscriptionOptions> options,
    ILogger<SubscriptionWriter> logger,
    OperationalEventWriter? events = null)
{
    private readonly string _topic = options.Value.Topic;

    public async Task SaveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var result = await producer.ProduceAsync(_topic, Record(subscription), cancellationToken).ConfigureAwait(false);
        await follower.WaitUntilReadAsync(result.TopicPartitionOffset, cancellationToken).ConfigureAwait(false);
    }

    public async Task EndAsync(Guid id, string ns, EndReason reason, CancellationToken cancellationToken)
    {
        var result = await producer.ProduceAsync(_topic, Tombstone(id, ns, reason), cancellationToken).ConfigureAwait(false);
        events?.Subscription(OperationalEventTypes.SubscriptionEnded, id, ns, SubscriptionHeaders.Name(reason));
        await follower.WaitUntilReadAsync(result.TopicPartitionOffset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends an only-once subscription after its callback; never blocks (called on delivery threads).</summary>
    public void EndInBackground(Guid id, string ns, EndReason reason) =>
        background.Produce(_topic, Tombstone(id, ns, reason), error => Written(id, ns, "end", SubscriptionHeaders.Name(reason), error));

    /// <summary>Writes the subscription as disabled (its receiver is gone); never blocks.</summary>
    public void DisableInBackground(Subscription subscription) =>
        background.Produce(_topic, Record(subscription with { State = SubscriptionState.Disabled }),
            error => Written(subscription.Id, subscription.Namespace, "disable", Delivery.Webhooks.WebhookFailureClassifier.ReceiverGoneReason, error));

    /// <param name="endReason">The reason in the subscription-ended operational event, told once the store has the change.</param>
    private void Written(Guid id, string ns, string change, string endReason, Error error)
    {
        if (error.IsError)
        {
            // This instance already stopped sending; other instances stop when the record arrives. A restart
            // before it is written forgets the change: at most that subscription gets statuses again.
            SubscriptionLog.WriteFailed(logger, id, change, error.Code.ToString(), error.Reason);
        }
        else
        {
            SubscriptionLog.Changed(logger, id, change);
            events?.Subscription(OperationalEventTypes.SubscriptionEnded, id, ns, endReason);
        }
    }

    /// <summary>The subscription's record, with its namespace and tag headers (<see cref="SubscriptionRecordTag"/>).</summary>
    private Message<byte[], byte[]> Record(Subscription subscription)
    {
        var key = Encoding.UTF8.GetBytes(subscription.Id.ToString("D"));
        var value = SubscriptionRecord.Write(subscription, sealer);
        var headers = new Headers();
        SubscriptionRecordTag.Add(headers, sealer, key, subscription.Namespace, value);
        return new Message<byte[], byte[]> { Key = key, Value = value, Headers = headers };
    }

    private Message<byte[], byte[]> Tombstone(Guid id, string ns, EndReason reason)
    {
        var key = Encoding.UTF8.GetBytes(id.ToString("D"));
        var headers = new Headers
        {
            { SubscriptionHeaders.Namespace, Encoding.UTF8.GetBytes(ns) },
            { SubscriptionHeaders.Ended, Encoding.UTF8.GetBytes(SubscriptionHeaders.Name(reason)) },
        };
        SubscriptionRecordTag.Add(headers, sealer, key, ns, value: null);
        return new Message<byte[], byte[]> { Key = key, Value = null!, Headers = headers };
    }
}
