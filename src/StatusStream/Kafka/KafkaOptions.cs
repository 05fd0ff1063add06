using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>How to reach the Kafka cluster and which topics to use. Configuration section "Kafka".</summary>
internal sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated host:port list. Required (the embedded mode fills it in).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Consumer group of the processor. City OS's ACL shape makes this "&lt;namespace&gt;.consumers" on City OS.</summary>
    public string GroupId { get; set; } = "statusstream";

    /// <summary>
    /// Earlier values of <see cref="GroupId"/>, comma-separated: the retries parked under them are delivered as this
    /// group's own. A group delivers only the retry records it parked (several groups may share a retry topic), so
    /// after a rename the old id's records would otherwise wait for a group that no longer runs.
    /// </summary>
    public string FormerGroupIds { get; set; } = "";

    /// <summary>
    /// KIP-848 "Consumer" (default: assigns at once and rebalances within one heartbeat) or
    /// "Classic" (cooperative-sticky, for clusters older than Kafka 4.0).
    /// </summary>
    public GroupProtocol GroupProtocol { get; set; } = GroupProtocol.Consumer;

    /// <summary>Comma-separated input topics (a string, not a list, so one environment variable can set it).</summary>
    public string InputTopics { get; set; } = "notification.events";

    /// <summary>
    /// Where an SMS provider service publishes the text messages services receive (GOV.UK Notify), one
    /// schemas/inbound-message.schema.json document each. Read by the same consume loop and group as
    /// <see cref="InputTopics"/>; each message is forwarded once to its callback.
    /// </summary>
    public string InboundTopic { get; set; } = "notification.inbound";

    public string DeadLetterTopic { get; set; } = "statusstream.dlq";

    public string RetryTopic { get; set; } = "statusstream.retry";

    /// <summary>
    /// Operational events (schemas/operational-event.schema.json): every state change of a webhook endpoint or a
    /// subscription, for operators' and owners' own consumers; read back at start for which endpoints are disabled.
    /// Compacted by subject (deploy/kafka/statusstream-operations.yaml).
    /// </summary>
    public string OperationsTopic { get; set; } = "statusstream.operations";

    public string ClientId { get; set; } = "statusstream";

    public SecurityProtocol SecurityProtocol { get; set; } = SecurityProtocol.Plaintext;

    public SaslMechanism? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    /// <summary>A secret: never logged, never copied into a header.</summary>
    public string? SaslPassword { get; set; }

    public string? SslCaLocation { get; set; }

    /// <summary>How long the producer keeps trying one record (librdkafka message.timeout.ms) before it counts as failed.</summary>
    public double DeliveryTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long `run` waits at start for any broker to answer before it exits 1 with a message
    /// naming this setting; 0 waits forever. A minute rides out a broker that starts next to the
    /// app (a compose file, a pod restarted with its cluster) and still ends a wrong address quickly
    /// enough for an orchestrator to show a failing, restarting workload.
    /// </summary>
    public double StartupTimeoutSeconds { get; set; } = 60;

    /// <summary>Extra librdkafka properties for every client (e.g. "socket.keepalive.enable": "true"). Values are never logged.</summary>
    public Dictionary<string, string> ClientProperties { get; set; } = [];

    public IReadOnlyList<string> InputTopicList =>
        InputTopics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every topic the input consume loop reads: the event topics, then the inbound topic.</summary>
    public IReadOnlyList<string> ConsumedTopicList => [.. InputTopicList, InboundTopic.Trim()];
}
