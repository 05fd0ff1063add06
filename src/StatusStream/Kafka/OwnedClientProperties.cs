namespace StatusStream.Kafka;

/// <summary>
/// The librdkafka properties the producer and consumer settings set themselves, from a setting of their own or
/// because delivery depends on them. A <c>Kafka:ClientProperties</c> entry for one is refused at start, saying what to
/// set instead: the clients would otherwise overwrite it without a word. Not owned: the security properties
/// (<c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>, ...), where an entry wins over the <c>Kafka:</c> setting (a
/// Kerberos or OAUTHBEARER set-up needs them), and the tuning ones the clients also set (<c>linger.ms</c>,
/// <c>queue.buffering.max.messages</c>), where an entry wins over the default.
/// </summary>
internal static class OwnedClientProperties
{
    /// <summary>Why <paramref name="property"/> (any case, librdkafka's aliases too) cannot be set; null when it can.</summary>
    public static string? WhyNot(string property) => property.Trim().ToLowerInvariant() switch
    {
        // One place for the address: startup and operator messages name it, and its check refuses user:password@.
        "bootstrap.servers" or "metadata.broker.list" => $"set {KafkaOptions.SectionName}:BootstrapServers (or --bootstrap-servers) instead",
        "group.id" => $"set {KafkaOptions.SectionName}:GroupId instead",
        "group.protocol" => $"set {KafkaOptions.SectionName}:GroupProtocol instead",
        "partition.assignment.strategy" => $"{KafkaOptions.SectionName}:GroupProtocol chooses it (Classic uses cooperative-sticky)",
        "message.timeout.ms" or "delivery.timeout.ms" => $"set {KafkaOptions.SectionName}:DeliveryTimeoutSeconds instead",
        "enable.idempotence" or "acks" or "request.required.acks" =>
            "the producer is idempotent with acks=all, so a retry inside the client neither reorders nor duplicates a record",
        "transactional.id" => "the producer is not transactional: with a transactional id every record produced outside a transaction fails",
        "enable.auto.commit" or "enable.auto.offset.store" =>
            "StatusStream commits offsets itself, and only up to what has been delivered, parked or dead-lettered",
        "auto.offset.reset" => "a partition without a committed offset is read from its start, so no event is skipped",
        "enable.partition.eof" => "the consume loops do not expect end-of-partition events",
        "dotnet.producer.delivery.report.fields" or "dotnet.producer.enable.delivery.reports" =>
            "delivery reports decide what is acknowledged, and carry only the status (the reused callback record relies on it)",
        _ => null,
    };
}
