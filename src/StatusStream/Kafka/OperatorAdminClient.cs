using System.Globalization;
using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>
/// The admin client of the operator commands (`status`, `dlq`). Its first request waits at most the connect timeout,
/// and when no broker answers the error names the bootstrap servers and the client's own last connection error
/// ("Connection refused", a TLS or SASL failure) instead of "Local: Broker transport failure" after the whole read
/// deadline. A topic that does not exist is named with the setting it came from.
/// </summary>
internal sealed class OperatorAdminClient : IDisposable
{
    private readonly KafkaOptions _kafka;
    private readonly TimeSpan _connectTimeout;
    private readonly IAdminClient _admin;
    private readonly LatestClientError _lastError = new();
    private bool _answered;

    public OperatorAdminClient(KafkaOptions kafka, TimeSpan connectTimeout, KafkaClientFactory clients)
    {
        _kafka = kafka;
        _connectTimeout = connectTimeout;
        // Its errors are the reason the first request's failure gives: said once there, not logged as well.
        _admin = clients.Admin(KafkaClientConfigs.Admin(kafka), clients.For("admin") with { OwnErrors = _lastError.Keep });
    }

    /// <param name="admin">The client to ask (tests pass a fake).</param>
    internal OperatorAdminClient(KafkaOptions kafka, TimeSpan connectTimeout, IAdminClient admin)
    {
        _kafka = kafka;
        _connectTimeout = connectTimeout;
        _admin = admin;
    }

    /// <summary>The metadata of <paramref name="topic"/>, which the setting <paramref name="setting"/> names.</summary>
    /// <exception cref="KafkaException">No broker answered within the connect timeout, the topic does not exist, or the cluster refused.</exception>
    public TopicMetadata Topic(string topic, string setting, TimeSpan deadline)
    {
        Metadata metadata;
        try
        {
            metadata = _admin.GetMetadata(topic, _answered ? deadline : _connectTimeout);
        }
        catch (KafkaException e) when (!_answered)
        {
            var seconds = _connectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new KafkaException(new Error(e.Error.Code,
                $"no Kafka broker answered at {_kafka.BootstrapServers} (Kafka:BootstrapServers) within {seconds} s (--connect-timeout): "
                + _lastError.Or(e.Error.Reason)));
        }

        _answered = true;
        var found = metadata.Topics.Single();
        if (found.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            throw new KafkaException(new Error(found.Error.Code, $"topic '{topic}' ({setting}) does not exist on the cluster at {_kafka.BootstrapServers}"));
        }

        if (found.Error.IsError)
        {
            throw new KafkaException(found.Error);
        }

        return found;
    }

    public void Dispose() => _admin.Dispose();
}
