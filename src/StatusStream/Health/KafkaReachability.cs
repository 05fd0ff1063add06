using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.Telemetry;

namespace StatusStream.Health;

/// <summary>
/// Does any broker answer? Asks for the metadata of the first input topic, as the start-up gate
/// does, on one long-lived admin client whose own connection errors only supply the probe's reason (the
/// pipeline's clients already log them, throttled). An answer is reused for <see cref="CacheFor"/>, so probes
/// from several sources never pile up requests; a change either way is logged once.
/// </summary>
internal sealed class KafkaReachability(
    IOptions<KafkaOptions> kafkaOptions,
    IOptions<HealthOptions> healthOptions,
    TimeProvider time,
    ILogger<KafkaReachability> logger,
    KafkaClientFactory? clients = null) : IDisposable
{
    private readonly KafkaClientFactory _clients = clients ?? new KafkaClientFactory(time, NullLogger<KafkaClientFactory>.Instance);
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _one = new(1, 1);
    private IAdminClient? _admin;
    private readonly LatestClientError _lastError = new();
    private (bool Up, string Detail, long At)? _last;
    private bool? _reportedUp;

    public async Task<(bool Up, string Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetElapsedTime(last.At) < CacheFor)
            {
                return (last.Up, last.Detail);
            }

            var kafka = kafkaOptions.Value;
            var timeout = TimeSpan.FromSeconds(healthOptions.Value.BrokerTimeoutSeconds);
            var topic = kafka.InputTopicList.FirstOrDefault() ?? kafka.RetryTopic;
            bool up;
            string detail;
            try
            {
                var admin = _admin ??= BuildAdmin(kafka);
                var metadata = await Task.Run(() => admin.GetMetadata(topic, timeout), cancellationToken);
                up = metadata.Brokers.Count > 0;
                detail = $"{metadata.Brokers.Count} broker(s) answer";
            }
            catch (KafkaException e)
            {
                up = false;
                detail = _lastError.Or(e.Error.Reason);
            }
            catch (Exception e) when (_admin is null && e is ArgumentException or InvalidOperationException)
            {
                // The client could not be made (librdkafka refused a property): the probe says so instead of throwing on
                // every call. Not the exception's text: librdkafka quotes the value, which may be a secret.
                up = false;
                detail = $"the readiness probe's Kafka client cannot be created ({e.GetType().Name}); check Kafka:ClientProperties";
            }

            if (_reportedUp != up && (_reportedUp is not null || !up))
            {
                if (up)
                {
                    Log.ReadinessBrokerReachable(logger, kafka.BootstrapServers);
                }
                else
                {
                    Log.ReadinessBrokerUnreachable(logger, kafka.BootstrapServers, detail);
                }
            }

            _reportedUp = up;
            _last = (up, detail, time.GetTimestamp());
            return (up, detail);
        }
        finally
        {
            _one.Release();
        }
    }

    // Its errors only supply the probe's reason: the pipeline's clients already log them.
    private IAdminClient BuildAdmin(KafkaOptions kafka) =>
        _clients.Admin(KafkaClientConfigs.Admin(kafka), new ClientLogging(logger, "admin") { OwnErrors = _lastError.Keep });

    public void Dispose()
    {
        _admin?.Dispose();
        _one.Dispose();
    }
}
