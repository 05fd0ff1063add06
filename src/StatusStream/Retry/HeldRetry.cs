using Confluent.Kafka;
using StatusStream.Outbound;

namespace StatusStream.Retry;

/// <summary>A record read from the retry topic and held in memory: the status to deliver when due, and the record as read, to write back unchanged.</summary>
/// <param name="From">The retry partition it was read from (released with it on revocation).</param>
internal sealed record HeldRetry(TopicPartition From, OutboundStatus Outbound, Message<byte[], byte[]> Record, DateTimeOffset DueAt);
