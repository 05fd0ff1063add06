using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace StatusStream.Embedded;

/// <summary>
/// A Kafka cluster inside this process: librdkafka's mock cluster, which speaks the broker side
/// of the Kafka protocol on real TCP ports of 127.0.0.1, so any Kafka client (Confluent.Kafka,
/// kcat, another process) can connect to <see cref="BootstrapServers"/>. It is not Apache Kafka.
/// </summary>
/// <remarks>
/// <para>
/// What it is not: it answers no CreateTopics/DeleteTopics (or other Admin) requests, so create
/// topics with <see cref="CreateTopic"/>; a topic that a producer or a Metadata request names
/// before it exists is created on the spot with <see cref="AutoCreatedTopicPartitions"/>
/// partitions. TxnOffsetCommit is answered but its offsets are not stored. Each partition keeps
/// at most 5 MB or 100,000 batches and silently drops its oldest data beyond that, so consume
/// while producing rather than preloading a large backlog. Replicas exist only in metadata: data
/// lives with the partition, a partition whose leader is down is unavailable until the broker
/// comes back (or <see cref="SetPartitionLeader"/> moves it), and nothing fails over by itself.
/// </para>
/// <para>
/// Threads: every broker of the cluster is served by one librdkafka thread. All members of this
/// class are thread-safe: they are serialized on one lock and handed to that thread (through
/// its command queue or under the cluster's lock). Commands that change the cluster (topics,
/// broker up/down, round-trip time, leaders, topic errors) have taken effect when the method
/// returns; pushed request errors apply to the next matching requests the brokers read.
/// </para>
/// <para>
/// Lifetime: there is no finalizer. <see cref="Dispose"/> stops the brokers (closing every client
/// connection) and frees the native cluster; a cluster never disposed keeps its ports and thread
/// until the process exits.
/// </para>
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>The largest cluster <see cref="Start"/> accepts: all brokers share one thread.</summary>
    public const int MaxBrokers = 16;

    /// <summary>Partitions of a topic the cluster creates because a client named it before it existed.</summary>
    public const int AutoCreatedTopicPartitions = 4;

    private const int ErrorTextCapacity = 512;

    private readonly Lock _gate = new();
    private readonly RdKafkaHandle _client;
    private readonly MockClusterHandle _cluster;

    private readonly IReadOnlyList<BrokerPortForwarder> _forwarders;

    private EmbeddedKafkaCluster(RdKafkaHandle client, MockClusterHandle cluster, int brokerCount, string bootstrapServers,
        IReadOnlyList<BrokerPortForwarder> forwarders)
    {
        _client = client;
        _cluster = cluster;
        _forwarders = forwarders;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The brokers' addresses, <c>127.0.0.1:port</c> each, comma-separated, broker 1 first.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has; their ids are 1..BrokerCount.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers on free ports of 127.0.0.1.</summary>
    /// <param name="brokers">How many brokers.</param>
    /// <param name="firstPort">
    /// When set, broker n is reached on port <paramref name="firstPort"/> + n - 1 of 127.0.0.1 (and advertises it), so a
    /// cluster started again comes back on the same address. Its data does not: a new cluster starts empty.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokers"/> is not 1..<see cref="MaxBrokers"/>, or a port is not 1..65535.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A chosen port cannot be listened on (e.g. another process has it).</exception>
    /// <exception cref="DllNotFoundException">Confluent.Kafka loaded no librdkafka (or more than one), so there is none to bind to.</exception>
    /// <exception cref="KafkaException">librdkafka refused to create the client handle or the cluster.</exception>
    public static EmbeddedKafkaCluster Start(int brokers = 1, int? firstPort = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokers, MaxBrokers);
        if (firstPort is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(first, 1, nameof(firstPort));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(first + brokers - 1, System.Net.IPEndPoint.MaxPort, nameof(firstPort));
        }

        var client = CreateClientHandle();
        var cluster = LibRdKafkaMock.ClusterNew(client, brokers);
        if (cluster.IsInvalid)
        {
            cluster.SetHandleAsInvalid();
            client.Dispose();
            throw new KafkaException(new Error(ErrorCode.Local_Fail,
                $"librdkafka could not start a mock cluster of {brokers} broker(s) (rd_kafka_mock_cluster_new returned NULL; " +
                "its log on stderr says why, usually no free port on 127.0.0.1)."));
        }

        cluster.HoldHost(client);
        var bootstrapServers = Marshal.PtrToStringUTF8(LibRdKafkaMock.ClusterBootstraps(cluster));
        if (string.IsNullOrEmpty(bootstrapServers))
        {
            cluster.Dispose();
            client.Dispose();
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "librdkafka started a mock cluster but gave no bootstrap servers."));
        }

        if (firstPort is null)
        {
            return new EmbeddedKafkaCluster(client, cluster, brokers, bootstrapServers, []);
        }

        var forwarders = new List<BrokerPortForwarder>();
        try
        {
            // "127.0.0.1:port" each, broker 1 first.
            var ownPorts = bootstrapServers.Split(',').Select(address => int.Parse(address[(address.LastIndexOf(':') + 1)..],
                System.Globalization.CultureInfo.InvariantCulture)).ToList();
            for (var id = 1; id <= brokers; id++)
            {
                var port = firstPort.Value + id - 1;
                forwarders.Add(BrokerPortForwarder.Start(port, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, ownPorts[id - 1])));
                LibRdKafkaMock.BrokerSetHostPort(cluster, id, "127.0.0.1", port);
            }
        }
        catch
        {
            forwarders.ForEach(f => f.Dispose());
            cluster.Dispose();
            client.Dispose();
            throw;
        }

        var advertised = string.Join(',', Enumerable.Range(firstPort.Value, brokers).Select(port => $"127.0.0.1:{port}"));
        return new EmbeddedKafkaCluster(client, cluster, brokers, advertised, forwarders);
    }

    /// <summary>Creates a topic (the mock answers no CreateTopics request, so this is the way).</summary>
    /// <param name="replicationFactor">
    /// 1..<see cref="BrokerCount"/>. Replicas only show in metadata; the leader is picked at random among them.
    /// </param>
    /// <exception cref="KafkaException">The cluster refused, e.g. <c>TOPIC_ALREADY_EXISTS</c>; the message names the librdkafka error.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.TopicCreate(LiveCluster(), name, partitions, replicationFactor), $"Creating topic '{name}'");
        }
    }

    /// <summary>Deletes a topic and its data.</summary>
    /// <exception cref="KafkaException">The topic does not exist (<c>UNKNOWN_TOPIC_OR_PART</c>).</exception>
    public void DeleteTopic(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.TopicDelete(LiveCluster(), name), $"Deleting topic '{name}'");
        }
    }

    /// <summary>
    /// Takes a broker off the network: its connections are closed and its port refuses new ones
    /// (the port is kept for <see cref="SetBrokerUp"/>). Its partitions stay led by it, so
    /// producing to them waits (up to the client's message.timeout.ms) until it is back.
    /// </summary>
    public void SetBrokerDown(int brokerId)
    {
        ValidateBrokerId(brokerId);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.BrokerSetDown(LiveCluster(), brokerId), $"Setting broker {brokerId} down");
        }
    }

    /// <summary>Brings a broker back on the same port. Clients reconnect after their reconnect backoff.</summary>
    public void SetBrokerUp(int brokerId)
    {
        ValidateBrokerId(brokerId);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.BrokerSetUp(LiveCluster(), brokerId), $"Setting broker {brokerId} up");
        }
    }

    /// <summary>Delays every response of one broker by <paramref name="roundTripTime"/> (zero removes the delay).</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan roundTripTime)
    {
        ValidateBrokerId(brokerId);
        var milliseconds = ToMilliseconds(roundTripTime, allowZero: true);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.BrokerSetRtt(LiveCluster(), brokerId, milliseconds), $"Setting the round-trip time of broker {brokerId}");
        }
    }

    /// <summary>
    /// Moves the leadership of one partition to another broker, keeping its data (the way to
    /// simulate a failover, which the mock never does by itself). Clients find out through a
    /// NOT_LEADER error or their next metadata refresh. Caution: a topic that does not exist yet
    /// is created with <paramref name="partition"/> + 1 partitions.
    /// </summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ValidateBrokerId(brokerId);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.PartitionSetLeader(LiveCluster(), topic, partition, brokerId),
                $"Moving the leader of {topic} [{partition}] to broker {brokerId}");
        }
    }

    /// <summary>
    /// Makes the next <paramref name="errors"/>.Length requests of type <paramref name="api"/>,
    /// on whichever broker reads them, fail with these errors, in order (appended to any still
    /// pending). <see cref="ErrorCode.Local_Transport"/> closes the connection instead of
    /// answering. Errors pushed for one broker with <see cref="PushBrokerRequestError"/> take
    /// precedence: once a broker has had an error pushed for an API, it ignores the cluster-wide
    /// ones for that API.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }

        var codes = Array.ConvertAll(errors, error => (int)error);
        lock (_gate)
        {
            unsafe
            {
                fixed (int* first = codes)
                {
                    LibRdKafkaMock.PushRequestErrorsArray(LiveCluster(), (short)api, (nuint)codes.Length, first);
                }
            }
        }
    }

    /// <summary>Drops the cluster-wide errors still pending for <paramref name="api"/> (not the per-broker ones).</summary>
    public void ClearRequestErrors(KafkaApiKey api)
    {
        lock (_gate)
        {
            LibRdKafkaMock.ClearRequestErrors(LiveCluster(), (short)api);
        }
    }

    /// <summary>
    /// Makes the next request of type <paramref name="api"/> that broker <paramref name="brokerId"/>
    /// reads fail with <paramref name="error"/>, answered after <paramref name="roundTripTime"/>.
    /// Call it again to queue more. <see cref="ErrorCode.NoError"/> with a delay slows down a
    /// single response without failing it.
    /// </summary>
    public void PushBrokerRequestError(int brokerId, KafkaApiKey api, ErrorCode error, TimeSpan roundTripTime)
    {
        ValidateBrokerId(brokerId);
        var milliseconds = ToMilliseconds(roundTripTime, allowZero: true);
        lock (_gate)
        {
            ThrowIfFailed(LibRdKafkaMock.BrokerPushOneRequestErrorRtt(LiveCluster(), brokerId, (short)api, 1, (int)error, milliseconds),
                $"Pushing a {api} error to broker {brokerId}");
        }
    }

    /// <summary>How many errors pushed with <see cref="PushBrokerRequestError"/> broker <paramref name="brokerId"/> has not used yet.</summary>
    public int PendingBrokerRequestErrors(int brokerId, KafkaApiKey api)
    {
        ValidateBrokerId(brokerId);
        lock (_gate)
        {
            nuint count = 0;
            unsafe
            {
                ThrowIfFailed(LibRdKafkaMock.BrokerErrorStackCount(LiveCluster(), brokerId, (short)api, &count),
                    $"Counting the {api} errors of broker {brokerId}");
            }

            return checked((int)count);
        }
    }

    /// <summary>
    /// Fails the next requests of type <paramref name="api"/> for one partition with these
    /// errors, in order, while the rest of each request succeeds. Only Produce and Fetch look at
    /// partition errors. Caution: a topic that does not exist yet is created with
    /// <paramref name="partition"/> + 1 partitions.
    /// </summary>
    public void PushPartitionRequestErrors(string topic, int partition, KafkaApiKey api, params ErrorCode[] errors)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentNullException.ThrowIfNull(errors);
        lock (_gate)
        {
            var cluster = LiveCluster();
            foreach (var error in errors)
            {
                ThrowIfFailed(LibRdKafkaMock.PartitionPushOneRequestError(cluster, topic, partition, (short)api, 1, (int)error),
                    $"Pushing a {api} error to {topic} [{partition}]");
            }
        }
    }

    /// <summary>
    /// Reports <paramref name="error"/> for the topic in every Metadata response (and in
    /// AddPartitionsToTxn) until it is set back to <see cref="ErrorCode.NoError"/>. An unknown
    /// topic is auto-created first, with <see cref="AutoCreatedTopicPartitions"/> partitions.
    /// </summary>
    public void SetTopicError(string topic, ErrorCode error)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        lock (_gate)
        {
            LibRdKafkaMock.TopicSetError(LiveCluster(), topic, (int)error);
        }
    }

    /// <summary>
    /// The heartbeat interval the cluster hands to KIP-848 consumers (<c>GroupProtocol = Consumer</c>);
    /// 3 s by default. Partitions move to a joining member within about one interval, so tests
    /// lower it. Applies to groups created after the call.
    /// </summary>
    public void SetGroupConsumerHeartbeatInterval(TimeSpan interval)
    {
        var milliseconds = ToMilliseconds(interval, allowZero: false);
        lock (_gate)
        {
            LibRdKafkaMock.SetGroupConsumerHeartbeatIntervalMs(LiveCluster(), milliseconds);
        }
    }

    /// <summary>
    /// How long a KIP-848 member may go without heartbeating before the cluster drops it; 30 s by
    /// default. Applies to groups created after the call.
    /// </summary>
    public void SetGroupConsumerSessionTimeout(TimeSpan timeout)
    {
        var milliseconds = ToMilliseconds(timeout, allowZero: false);
        lock (_gate)
        {
            LibRdKafkaMock.SetGroupConsumerSessionTimeoutMs(LiveCluster(), milliseconds);
        }
    }

    /// <summary>
    /// How long a classic-protocol group waits for more members when the first one joins an
    /// empty group (Kafka's group.initial.rebalance.delay.ms); 3 s by default.
    /// </summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        var milliseconds = ToMilliseconds(delay, allowZero: true);
        lock (_gate)
        {
            LibRdKafkaMock.GroupInitialRebalanceDelayMs(LiveCluster(), milliseconds);
        }
    }

    /// <summary>
    /// Starts recording every request the brokers read (forgetting any recorded before), for
    /// <see cref="GetTrackedRequests"/>. The record grows until tracking stops or is cleared.
    /// </summary>
    public void StartRequestTracking()
    {
        lock (_gate)
        {
            LibRdKafkaMock.StartRequestTracking(LiveCluster());
        }
    }

    /// <summary>Stops recording requests; what was recorded stays readable.</summary>
    public void StopRequestTracking()
    {
        lock (_gate)
        {
            LibRdKafkaMock.StopRequestTracking(LiveCluster());
        }
    }

    /// <summary>Forgets the requests recorded so far; tracking goes on if it was on.</summary>
    public void ClearTrackedRequests()
    {
        lock (_gate)
        {
            LibRdKafkaMock.ClearRequests(LiveCluster());
        }
    }

    /// <summary>The requests recorded since <see cref="StartRequestTracking"/>, in the order the brokers read them.</summary>
    public IReadOnlyList<ObservedRequest> GetTrackedRequests()
    {
        lock (_gate)
        {
            unsafe
            {
                nuint count = 0;
                var requests = LibRdKafkaMock.GetRequests(LiveCluster(), &count);
                if (requests is null)
                {
                    return [];
                }

                try
                {
                    var observed = new ObservedRequest[checked((int)count)];
                    for (var i = 0; i < observed.Length; i++)
                    {
                        var request = requests[i];
                        observed[i] = new ObservedRequest(
                            LibRdKafkaMock.RequestBrokerId(request),
                            (KafkaApiKey)LibRdKafkaMock.RequestApiKey(request),
                            LibRdKafkaMock.RequestTimestamp(request));
                    }

                    return observed;
                }
                finally
                {
                    LibRdKafkaMock.RequestDestroyArray(requests, count);
                }
            }
        }
    }

    /// <summary>
    /// Stops the brokers (closing every client connection; their data is gone), then frees the
    /// librdkafka handle that hosted them. Idempotent; later calls to other members throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            // The cluster first: it holds a reference on the client, which is freed when both are released.
            _cluster.Dispose();
            _client.Dispose();
            foreach (var forwarder in _forwarders)
            {
                forwarder.Dispose();
            }
        }
    }

    /// <summary>
    /// The mock cluster lives inside an rd_kafka_t handle (it borrows its logger, timers and
    /// queues). A producer with no bootstrap servers never connects anywhere, so it is the
    /// quietest host; its log level is lowered so that librdkafka's notice that it has no
    /// brokers does not reach stderr, while real errors (a port that cannot be bound) still do.
    /// </summary>
    private static unsafe RdKafkaHandle CreateClientHandle()
    {
        var conf = LibRdKafkaMock.ConfNew();
        var errorText = stackalloc byte[ErrorTextCapacity];
        try
        {
            SetConf(conf, "client.id", "statusstream-embedded-cluster", errorText);
            SetConf(conf, "log_level", "3", errorText);
            var client = LibRdKafkaMock.New(LibRdKafkaMock.ProducerType, conf, errorText, ErrorTextCapacity);
            if (client.IsInvalid)
            {
                client.SetHandleAsInvalid();
                throw new KafkaException(new Error(ErrorCode.Local_Fail,
                    $"librdkafka could not create the handle that hosts the embedded cluster: {Text(errorText)}"));
            }

            conf = 0; // owned by the handle now
            return client;
        }
        finally
        {
            if (conf != 0)
            {
                LibRdKafkaMock.ConfDestroy(conf);
            }
        }
    }

    private static unsafe void SetConf(nint conf, string name, string value, byte* errorText)
    {
        if (LibRdKafkaMock.ConfSet(conf, name, value, errorText, ErrorTextCapacity) != LibRdKafkaMock.ConfOk)
        {
            throw new KafkaException(new Error(ErrorCode.Local_InvalidArg,
                $"librdkafka refused {name}={value} for the embedded cluster's handle: {Text(errorText)}"));
        }
    }

    private static unsafe string Text(byte* errorText) =>
        Marshal.PtrToStringUTF8((nint)errorText) ?? string.Empty;

    private static void ThrowIfFailed(int error, string action)
    {
        if (error == 0)
        {
            return;
        }

        var name = Marshal.PtrToStringUTF8(LibRdKafkaMock.ErrorName(error)) ?? error.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw new KafkaException(new Error((ErrorCode)error, $"{action} on the embedded cluster failed: {name}"));
    }

    private static int ToMilliseconds(TimeSpan value, bool allowZero, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (allowZero)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, paramName);
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, paramName);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromMilliseconds(int.MaxValue), paramName);

        // Rounded up so that a small positive interval never becomes zero.
        return (int)Math.Ceiling(value.TotalMilliseconds);
    }

    /// <summary>Called under <see cref="_gate"/>, so the handle cannot be freed while a native call uses it.</summary>
    private MockClusterHandle LiveCluster()
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        return _cluster;
    }

    private void ValidateBrokerId(int brokerId, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(brokerId))] string? paramName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount, paramName);
    }
}
