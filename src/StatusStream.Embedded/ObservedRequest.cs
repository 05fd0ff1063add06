namespace StatusStream.Embedded;

/// <summary>One request a broker of an <see cref="EmbeddedKafkaCluster"/> received while request tracking was on.</summary>
/// <param name="BrokerId">The broker that received it (1..BrokerCount).</param>
/// <param name="Api">The request type. Values outside <see cref="KafkaApiKey"/>'s names are possible.</param>
/// <param name="TimestampMicroseconds">
/// When the broker read it, on librdkafka's monotonic clock: good for ordering and intervals
/// between requests, unrelated to wall-clock time.
/// </param>
public readonly record struct ObservedRequest(int BrokerId, KafkaApiKey Api, long TimestampMicroseconds);
