namespace StatusStream.Tests.Support;

/// <summary>Which broker the integration tests run against (docs/real-cluster.md).</summary>
public enum TestKafkaMode
{
    /// <summary>librdkafka's mock cluster in this process: the default, and the only mode with fault injection.</summary>
    Embedded,

    /// <summary>A cluster that is already running, named by STATUSSTREAM_TEST_BOOTSTRAP.</summary>
    External,

    /// <summary>An Apache Kafka container that Testcontainers starts (STATUSSTREAM_TEST_KAFKA=container).</summary>
    Container,
}
