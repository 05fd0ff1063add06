using Confluent.Kafka;

namespace StatusStream.Records;

/// <summary>Where a status came from: the input record, kept so dead letters and retries can name it.</summary>
internal sealed record InputOrigin(string Topic, int Partition, long Offset, DateTimeOffset Timestamp)
{
    /// <summary>
    /// The namespace of <see cref="Topic"/> when Routing:TargetPolicy is InputTopicNamespace (Routing/InputTopicNamespaces):
    /// the one namespace of the input that its producer could not choose. Null under the other policies. Not a header:
    /// a retry's is found again from its original topic.
    /// </summary>
    public string? TrustedNamespace { get; init; }

    public static InputOrigin Of<TKey, TValue>(ConsumeResult<TKey, TValue> record, string? trustedNamespace = null) =>
        new(record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Timestamp.UtcDateTime) { TrustedNamespace = trustedNamespace };
}
