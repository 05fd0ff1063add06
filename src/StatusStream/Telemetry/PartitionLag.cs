namespace StatusStream.Telemetry;

/// <summary>How far a consumer's position is behind the end of one partition, from librdkafka's statistics.</summary>
internal sealed record PartitionLag(string Topic, int Partition, long Lag);
