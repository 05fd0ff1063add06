using System.Runtime.InteropServices;

namespace StatusStream.Embedded;

/// <summary>
/// The slice of librdkafka's C API (rdkafka.h and rdkafka_mock.h, 2.16.0) that drives its mock
/// cluster.
/// </summary>
/// <remarks>
/// Bound to the copy of librdkafka that Confluent.Kafka loaded (see <see cref="LoadedLibRdKafka"/>).
/// <c>rd_kafka_resp_err_t</c> is a C enum (int). Owned handles are <see cref="RdKafkaHandle"/> and
/// <see cref="MockClusterHandle"/>, so a call in flight keeps its handle alive; the destroy
/// functions take the raw pointer because they run from the handles' ReleaseHandle.
/// </remarks>
internal static unsafe partial class LibRdKafkaMock
{
    private const string Library = LoadedLibRdKafka.ImportName;

    static LibRdKafkaMock() => LoadedLibRdKafka.Register(typeof(LibRdKafkaMock).Assembly);

    /// <summary><c>RD_KAFKA_PRODUCER</c> in <c>rd_kafka_type_t</c>.</summary>
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c> in <c>rd_kafka_conf_res_t</c>.</summary>
    public const int ConfOk = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial nint ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(nint conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    /// <summary>Takes ownership of <paramref name="conf"/> only when it returns a handle.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static partial RdKafkaHandle New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    /// <summary>A static string such as "TOPIC_ALREADY_EXISTS"; never freed.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_err2name")]
    public static partial nint ErrorName(int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial MockClusterHandle ClusterNew(RdKafkaHandle rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void ClusterDestroy(nint cluster);

    /// <summary>Owned by the cluster; valid until it is destroyed.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial nint ClusterBootstraps(MockClusterHandle cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicCreate(MockClusterHandle cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_delete", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicDelete(MockClusterHandle cluster, string topic);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_set_error", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void TopicSetError(MockClusterHandle cluster, string topic, int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PartitionSetLeader(MockClusterHandle cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void PushRequestErrorsArray(MockClusterHandle cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void ClearRequestErrors(MockClusterHandle cluster, short apiKey);

    /// <summary>
    /// The C function is variadic (<c>cnt</c> pairs of <c>rd_kafka_resp_err_t, int rtt_ms</c>) and
    /// has no array twin, so it is bound here for exactly one pair. On x86-64 System V and AArch64
    /// Linux, variadic integer arguments travel in the same registers as fixed ones (all six here
    /// fit in registers), and the function reads no floating-point varargs, so a fixed signature
    /// with <c>count = 1</c> is what a C caller would pass. Always call it with count 1.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    public static partial int BrokerPushOneRequestErrorRtt(MockClusterHandle cluster, int brokerId, short apiKey, nuint count, int err, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_error_stack_cnt")]
    public static partial int BrokerErrorStackCount(MockClusterHandle cluster, int brokerId, short apiKey, nuint* count);

    /// <summary>
    /// Variadic like <see cref="BrokerPushOneRequestErrorRtt"/> (<c>cnt</c> error codes, no array
    /// twin); bound for exactly one error, six integer arguments in registers. Always call it with count 1.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_push_request_errors", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PartitionPushOneRequestError(MockClusterHandle cluster, string topic, int partition, short apiKey, nuint count, int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int BrokerSetDown(MockClusterHandle cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int BrokerSetUp(MockClusterHandle cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_host_port", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void BrokerSetHostPort(MockClusterHandle cluster, int brokerId, string host, int port);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int BrokerSetRtt(MockClusterHandle cluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms")]
    public static partial void SetGroupConsumerHeartbeatIntervalMs(MockClusterHandle cluster, int intervalMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_group_consumer_session_timeout_ms")]
    public static partial void SetGroupConsumerSessionTimeoutMs(MockClusterHandle cluster, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void GroupInitialRebalanceDelayMs(MockClusterHandle cluster, int delayMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    public static partial void StartRequestTracking(MockClusterHandle cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    public static partial void StopRequestTracking(MockClusterHandle cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_requests")]
    public static partial void ClearRequests(MockClusterHandle cluster);

    /// <summary>Copies of the tracked requests; free with <see cref="RequestDestroyArray"/>. Null when there are none.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_get_requests")]
    public static partial nint* GetRequests(MockClusterHandle cluster, nuint* count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_destroy_array")]
    public static partial void RequestDestroyArray(nint* requests, nuint count);

    /// <summary>The id of the broker that received the request.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_id")]
    public static partial int RequestBrokerId(nint request);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_api_key")]
    public static partial short RequestApiKey(nint request);

    /// <summary>Microseconds on librdkafka's monotonic clock.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_timestamp")]
    public static partial long RequestTimestamp(nint request);
}
