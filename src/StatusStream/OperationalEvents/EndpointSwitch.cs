using Confluent.Kafka;
using StatusStream.Kafka;

namespace StatusStream.OperationalEvents;

/// <summary>
/// An operator's endpoint-enabled or endpoint-disabled event, written to the operations topic and acknowledged by the
/// broker: every instance of the group acts on it when it reads it (<see cref="OperationsTopicFollower"/>), and so does
/// every later start. What `statusstream endpoints enable|disable` and the admin API call.
/// </summary>
internal static class EndpointSwitch
{
    public const string ByOperator = "operator";

    /// <param name="ns">An unnamed endpoint's namespace ("" for statuses without one); null for a named endpoint.</param>
    public static async Task<OperationalEvent> SetAsync(KafkaOptions kafka, bool enabled, string endpoint, string? ns, TimeProvider time, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var config = KafkaClientConfigs.Producer(kafka, maxInFlightStatuses: 1);
        config.MessageTimeoutMs = (int)timeout.TotalMilliseconds;
        // A missing operations topic is an error to report, not one for the broker to make uncompacted.
        config.AllowAutoCreateTopics = false;
        using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var e = new OperationalEvent(Guid.NewGuid(), enabled ? OperationalEventTypes.EndpointEnabled : OperationalEventTypes.EndpointDisabled,
            time.GetUtcNow(), kafka.GroupId, endpoint, ns, null, ByOperator);
        return await OperationalEventWriter.WriteAsync(producer, kafka.OperationsTopic, e, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The name an operator gives, as events name it: a configured name as it is, a URL as its scheme://host:port (never its path).</summary>
    public static string EndpointName(string given) =>
        Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : given;
}
