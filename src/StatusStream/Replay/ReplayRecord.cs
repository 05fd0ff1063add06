using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Retry;
using StatusStream.Routing;

namespace StatusStream.Replay;

/// <summary>
/// What `dlq replay` sends back, and where: a delivery-stage dead letter becomes a retry-topic
/// record due now with a fresh budget of retries (the retry consumer delivers it; if it fails again
/// it climbs the ladder and may end here once more); an intake-stage one goes back to its input
/// topic as it was. Each carries statusstream.replay-of, and exactly one traceparent.
/// </summary>
internal static class ReplayRecord
{
    /// <summary>Why a dead letter cannot be sent back, or null when it can.</summary>
    /// <param name="originalTargets">The webhook URLs read back for the dead letters that show only part of theirs.</param>
    public static string? WhyNotReplayable(DeadLetter deadLetter, OriginalWebhookTargets originalTargets) => deadLetter.Stage switch
    {
        DeadLetterHeaders.StageIntake when deadLetter.OriginalTopic is null => "no original topic header",
        DeadLetterHeaders.StageIntake => null,
        // The retry consumer delivers to the target its record names: it has no event source to check the policy against.
        DeadLetterHeaders.StageDelivery when deadLetter.Reason is SourceNamespacePolicy.SourceRequiredReason or SourceNamespacePolicy.ForeignNamespaceReason =>
            "Routing:TargetPolicy refused its target, and a replay would deliver there all the same; the sender can send the event again from its own namespace",
        DeadLetterHeaders.StageDelivery when OriginalWebhookTargets.Needed(deadLetter) && originalTargets.UrlOf(deadLetter, out var problem) is null => problem,
        DeadLetterHeaders.StageDelivery when deadLetter.TargetType is not ("kafka" or "webhook") || deadLetter.Target is null => "no callback target header",
        DeadLetterHeaders.StageDelivery => null,
        _ => $"unknown stage '{deadLetter.Stage}'",
    };

    /// <summary>The topic and record that send <paramref name="deadLetter"/> back (it must be replayable).</summary>
    /// <param name="chainRoot">
    /// The first dead letter of its chain (itself, unless the record was dead-lettered again after a
    /// replay): the identity statusstream.replay-of carries, so a record that fails once more joins the same chain.
    /// </param>
    /// <param name="originalTargets">Where the webhook URL comes from when the dead letter shows only part of it.</param>
    public static (string Topic, Message<byte[], byte[]> Message) For(DeadLetter deadLetter, string chainRoot, OriginalWebhookTargets originalTargets,
        KafkaOptions kafka, DateTimeOffset now)
    {
        var source = deadLetter.Message.Headers;
        var headers = new Headers();
        // The details header too: a replayed webhook renders the same body as the original attempt.
        // The kind and message-id too: the retry consumer rebuilds a received text message from them, not as a status.
        // The subscription id too: the status is delivered as its subscription's callback (profile, signature, URL).
        foreach (var name in new[]
        {
            StatusHeaders.TraceParent, StatusHeaders.Recipient, StatusHeaders.StatusId, StatusHeaders.ContentType, StatusDetailsHeader.Name,
            InboundMessageHeaders.Kind, InboundMessageHeaders.MessageId, StatusHeaders.SubscriptionId,
        })
        {
            if (HeaderText.TryGet(source, name, out var value))
            {
                HeaderText.Add(headers, name, value);
            }
        }

        HeaderText.Add(headers, RetryHeaders.ReplayOf, chainRoot);
        var message = new Message<byte[], byte[]> { Key = deadLetter.Message.Key, Value = deadLetter.Message.Value, Headers = headers };
        if (deadLetter.Stage == DeadLetterHeaders.StageIntake)
        {
            return (deadLetter.OriginalTopic!, message);
        }

        foreach (var name in new[]
        {
            DeadLetterHeaders.OriginalTopic, DeadLetterHeaders.OriginalPartition, DeadLetterHeaders.OriginalOffset,
            DeadLetterHeaders.OriginalTimestamp, FailureHeaders.History, RetryHeaders.Group,
        })
        {
            if (HeaderText.TryGet(source, name, out var value))
            {
                HeaderText.Add(headers, name, value);
            }
        }

        HeaderText.Add(headers, RetryHeaders.Attempt, "1");
        HeaderText.Add(headers, RetryHeaders.DueAt, FailureHeaders.Timestamp(now));
        HeaderText.Add(headers, RetryHeaders.CallbackType, deadLetter.TargetType!);
        // A subscription's status may name only part of its URL: its delivery takes the subscription's URL by id.
        var target = OriginalWebhookTargets.Needed(deadLetter) ? originalTargets.UrlOf(deadLetter, out _)! : deadLetter.Target!;
        HeaderText.Add(headers, RetryHeaders.CallbackTarget, target);
        return (kafka.RetryTopic, message);
    }

    /// <summary>
    /// The marker written to the dead-letter topic once the re-send is acknowledged; it names the dead letter it marks
    /// and where the re-sent record landed (<paramref name="resentTo"/>, from the broker's acknowledgement), which is
    /// how a later dead letter of that record is known to be the same one (DeadLetters.ReplayChain).
    /// </summary>
    public static Message<byte[], byte[]> Marker(DeadLetter deadLetter, DateTimeOffset now, TopicPartitionOffset? resentTo = null)
    {
        var headers = new Headers();
        HeaderText.Add(headers, DeadLetterHeaders.Reason, DeadLetter.ReplayedMarkerReason);
        HeaderText.Add(headers, RetryHeaders.ReplayOf, deadLetter.Position);
        if (resentTo is not null)
        {
            HeaderText.Add(headers, DeadLetterHeaders.ReplayedTo, $"{resentTo.Topic}:{resentTo.Partition.Value}:{resentTo.Offset.Value}");
        }

        HeaderText.Add(headers, DeadLetterHeaders.DeadLetteredAt, FailureHeaders.Timestamp(now));
        return new Message<byte[], byte[]> { Key = null!, Value = [], Headers = headers };
    }
}
