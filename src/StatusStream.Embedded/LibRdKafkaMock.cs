using System.Runtime.InteropServices;

namespace StatusStream.Embedded;

/// <summary>
/// The slice of librdkafka's C API (rdkafka.h and rdkafka_mock.h, 2.15.1) that drives its mock
/// cluster.
/// </summary>
/// <remarks>
/// Bound by the bare name "librdkafka" so the runtime resolves it from the app's deps.json
/// (<c>runtimes/linux-x64/native/librdkafka.so</c>), the same file Confluent.Kafka loads; an
/// explicit path load fails on these machines. <c>rd_kafka_resp_err_t</c> is a C enum (int);
/// <c>rd_kafka_t*</c> and <c>rd_kafka_mock_cluster_t*</c> are opaque and kept as <see cref="nint"/>.
/// </remarks>
internal static unsafe partial class LibRdKafkaMock
{
    private const string Library = "librdkafka";

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
    public static partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    /// <summary>A static string such as "TOPIC_ALREADY_EXISTS"; never freed.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_err2name")]
    public static partial nint ErrorName(int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial nint ClusterNew(nint rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void ClusterDestroy(nint cluster);

    /// <summary>Owned by the cluster; valid until it is destroyed.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial nint ClusterBootstraps(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicCreate(nint cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_delete", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicDelete(nint cluster, string topic);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_set_error", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void TopicSetError(nint cluster, string topic, int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PartitionSetLeader(nint cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void PushRequestErrorsArray(nint cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void ClearRequestErrors(nint cluster, short apiKey);

    /// <summary>
    /// The C function is variadic (<c>cnt</c> pairs of <c>rd_kafka_resp_err_t, int rtt_ms</c>) and
    /// has no array twin, so it is bound here for exactly one pair. On x86-64 System V and AArch64
    /// Linux, variadic integer arguments travel in the same registers as fixed ones (all six here
    /// fit in registers), and the function reads no floating-point varargs, so a fixed signature
    /// with <c>count = 1</c> is what a C caller would pass. Always call it with count 1.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    public static partial int BrokerPushOneRequestErrorRtt(nint cluster, int brokerId, short apiKey, nuint count, int err, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_error_stack_cnt")]
    public static partial int BrokerErrorStackCount(nint cluster, int brokerId, short apiKey, nuint* count);

    /// <summary>
    /// Variadic like <see cref="BrokerPushOneRequestErrorRtt"/> (<c>cnt</c> error codes, no array
    /// twin); bound for exactly one error, six integer arguments in registers. Always call it with count 1.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_push_request_errors", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PartitionPushOneRequestError(nint cluster, string topic, int partition, short apiKey, nuint count, int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int BrokerSetDown(nint cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int BrokerSetUp(nint cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int BrokerSetRtt(nint cluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms")]
    public static partial void SetGroupConsumerHeartbeatIntervalMs(nint cluster, int intervalMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_group_consumer_session_timeout_ms")]
    public static partial void SetGroupConsumerSessionTimeoutMs(nint cluster, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void GroupInitialRebalanceDelayMs(nint cluster, int delayMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    public static partial void StartRequestTracking(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    public static partial void StopRequestTracking(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_requests")]
    public static partial void ClearRequests(nint cluster);

    /// <summary>Copies of the tracked requests; free with <see cref="RequestDestroyArray"/>. Null when there are none.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_get_requests")]
    public static partial nint* GetRequests(nint cluster, nuint* count);

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
