namespace StatusStream.Kafka;

/// <summary>
/// The librdkafka properties StatusStream sets itself, from a setting of its own or because delivery depends on them.
/// A <c>Kafka:ClientProperties</c> entry for one is refused at start, saying what to set instead: the clients would
/// otherwise overwrite it without a word. The tuning properties the clients also set (<c>linger.ms</c>,
/// <c>queue.buffering.max.messages</c>) are not owned: an entry for them wins.
/// </summary>
internal static class OwnedClientProperties
{
    /// <summary>Why <paramref name="property"/> (any case, librdkafka's aliases too) cannot be set; null when it can.</summary>
    public static string? WhyNot(string property) => property.Trim().ToLowerInvariant() switch
    {
        "bootstrap.servers" or "metadata.broker.list" => $"set {KafkaOptions.SectionName}:BootstrapServers instead",
        "client.id" => $"set {KafkaOptions.SectionName}:ClientId instead",
        "security.protocol" => $"set {KafkaOptions.SectionName}:SecurityProtocol instead",
        "sasl.mechanism" or "sasl.mechanisms" => $"set {KafkaOptions.SectionName}:SaslMechanism instead",
        "sasl.username" => $"set {KafkaOptions.SectionName}:SaslUsername instead",
        "sasl.password" => $"set {KafkaOptions.SectionName}:SaslPassword instead",
        "ssl.ca.location" => $"set {KafkaOptions.SectionName}:SslCaLocation instead",
        "group.id" => $"set {KafkaOptions.SectionName}:GroupId instead",
        "group.protocol" => $"set {KafkaOptions.SectionName}:GroupProtocol instead",
        "partition.assignment.strategy" => $"{KafkaOptions.SectionName}:GroupProtocol chooses it (Classic uses cooperative-sticky)",
        "message.timeout.ms" or "delivery.timeout.ms" => $"set {KafkaOptions.SectionName}:DeliveryTimeoutSeconds instead",
        "enable.idempotence" or "acks" or "request.required.acks" =>
            "the producer is idempotent with acks=all, so a retry inside the client neither reorders nor duplicates a record",
        "enable.auto.commit" or "enable.auto.offset.store" =>
            "StatusStream commits offsets itself, and only up to what has been delivered, parked or dead-lettered",
        "auto.offset.reset" => "a partition without a committed offset is read from its start, so no event is skipped",
        "enable.partition.eof" => "the consume loops do not expect end-of-partition events",
        "delivery.report.fields" => "delivery reports carry only what the pipeline reads (the reused callback record relies on it)",
        _ => null,
    };
}
