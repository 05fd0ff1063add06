using Confluent.Kafka;

namespace StatusStream.Records;

/// <summary>
/// The marker `dlq replay` writes once a re-send is acknowledged. What is re-sent is Replay.ReplayVerifier's: a
/// delivery-stage dead letter becomes a retry-topic record due now with a fresh budget of retries (the retry consumer
/// delivers it; if it fails again it climbs the ladder and may come back here); an intake-stage one goes back to its
/// input topic as its original record is. Each carries statusstream.replay-of, and at most one traceparent.
/// </summary>
internal static class ReplayRecord
{
    /// <summary>The statusstream.reason of a marker; a marker is never a dead letter itself.</summary>
    public const string MarkerReason = "replayed";

    /// <summary>
    /// The marker written to the dead-letter topic once the re-send is acknowledged; it names the dead letter it marks
    /// and where the re-sent record landed (<paramref name="resentTo"/>, from the broker's acknowledgement), which is
    /// how a later dead letter of that record is known to be the same one (DeadLetters.ReplayChain).
    /// </summary>
    public static Message<byte[], byte[]> Marker(string deadLetterPosition, DateTimeOffset now, TopicPartitionOffset? resentTo = null)
    {
        var headers = new Headers();
        HeaderText.Add(headers, DeadLetterHeaders.Reason, MarkerReason);
        HeaderText.Add(headers, RetryHeaders.ReplayOf, deadLetterPosition);
        if (resentTo is not null)
        {
            HeaderText.Add(headers, DeadLetterHeaders.ReplayedTo, $"{resentTo.Topic}:{resentTo.Partition.Value}:{resentTo.Offset.Value}");
        }

        HeaderText.Add(headers, DeadLetterHeaders.DeadLetteredAt, FailureHeaders.Timestamp(now));
        return new Message<byte[], byte[]> { Key = null!, Value = [], Headers = headers };
    }
}
