namespace StatusStream.Embedded;

/// <summary>
/// Kafka protocol request types (the wire <c>ApiKey</c>), for injecting errors into one kind of
/// request on an <see cref="EmbeddedKafkaCluster"/>.
/// </summary>
/// <remarks>
/// Only the requests librdkafka's mock cluster answers are listed: an error pushed for any other
/// key would never be used. Metadata takes injected entries but ignores their error code (only
/// the delay, or the disconnect of <c>Local_Transport</c>, applies: inject topic errors with
/// <see cref="EmbeddedKafkaCluster.SetTopicError"/> instead). Admin requests (CreateTopics,
/// DeleteTopics, DescribeGroups, ...) are not answered by the mock at all.
/// </remarks>
public enum KafkaApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    ApiVersions = 18,
    InitProducerId = 22,
    OffsetForLeaderEpoch = 23,
    AddPartitionsToTxn = 24,
    AddOffsetsToTxn = 25,
    EndTxn = 26,
    TxnOffsetCommit = 28,

    /// <summary>The KIP-848 consumer group protocol's single request (join, heartbeat, leave).</summary>
    ConsumerGroupHeartbeat = 68,
    GetTelemetrySubscriptions = 71,
    PushTelemetry = 72,
    ShareGroupHeartbeat = 76,
    ShareFetch = 78,
    ShareAcknowledge = 79,
}
