using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Commit;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Retry;
using StatusStream.Routing;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>
/// Consumes the retry topic in its own consumer group (&lt;GroupId&gt;.retry), so waiting retries
/// never hold back fresh input. Each parked record is read at once and held in a <see cref="RetryHold"/>:
/// one due within Retry:HoldSeconds until its due time, then delivered again; one due later for that
/// horizon, then written back to the end of the retry topic unchanged (re-parked). Held records do not count
/// against Pipeline:MaxInFlightStatuses (only those being delivered or re-parked do), so however many wait,
/// the loop keeps reading and a record due sooner is never stuck behind them; Retry:MaxHeldStatuses bounds
/// memory by re-parking the furthest-due early. A record is acknowledged (and later committed) only when
/// it is delivered, parked again, dead-lettered or re-parked, so none keeps its partition uncommitted for
/// much longer than the horizon. On revocation the held records of those partitions are given up,
/// uncommitted, for their next owner: no partition is ever paused waiting for a due time.
/// </summary>
internal sealed partial class RetryConsumerService : BackgroundService
{
    public const string HorizonReparkTag = "horizon";
    public const string HeldLimitReparkTag = "held-limit";
    private readonly ConsumeLoop _loop;
    private readonly RetryHold _hold;
    private readonly IStatusDelivery _delivery;
    private readonly InternalTopicWriter _writer;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly RetryTopicReader _reader;
    private readonly StatusStreamMetrics? _metrics;
    private readonly string _group;
    private readonly string _topic;
    private readonly int _maxHeld;
    private readonly ILogger _logger;
    private readonly ClientLogThrottle _throttle;
    private readonly InputTopicNamespaces? _namespaces;

    public RetryConsumerService(
        IOptions<KafkaOptions> kafkaOptions,
        IOptions<PipelineOptions> pipelineOptions,
        IOptions<RetryOptions> retryOptions,
        IProducer<byte[], byte[]> producer,
        IStatusDelivery delivery,
        InternalTopicWriter writer,
        DeadLetterPublisher deadLetters,
        PipelineFailures failures,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<RetryConsumerService> logger,
        StatusStreamMetrics? metrics = null,
        KafkaStatisticsRelay? statistics = null,
        InputTopicNamespaces? namespaces = null,
        KafkaClientFactory? clients = null)
    {
        _namespaces = namespaces;
        var kafka = kafkaOptions.Value;
        var retry = retryOptions.Value;
        _delivery = delivery;
        _writer = writer;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _group = kafka.GroupId;
        _topic = kafka.RetryTopic;
        _maxHeld = retry.MaxHeldStatuses;
        _logger = logger;
        _reader = new RetryTopicReader(kafka, deadLetters, logger);
        _throttle = new ClientLogThrottle(time, ClientLogThrottle.DefaultWindow);
        _hold = new RetryHold(time, TimeSpan.FromSeconds(retry.HoldSeconds), retry.MaxHeldStatuses, Deliver, Repark);
        var handle = metrics is null ? Hold : MeasuredHandler.Wrap("retry", RetryGroupId(kafka), Hold, metrics, time);
        var settings = new ConsumeLoopSettings("retry", [kafka.RetryTopic], RetryGroupId(kafka), handle, Release);
        _loop = new ConsumeLoop(settings, kafka, pipelineOptions.Value, producer, failures, time, lifetime, logger, statistics: statistics, clients: clients);
        metrics?.ObserveInFlight("retry", () => _loop.Ledger.InFlightOutputs);
        metrics?.ObserveHeld(() => _hold.Count);
    }

    public bool HasAssignment => _loop.HasAssignment;

    /// <summary>Retry partitions this instance owns now.</summary>
    public int AssignedPartitions => _loop.AssignedPartitions;

    /// <summary>Records read from the retry topic and held for their due time or their re-park.</summary>
    public int Held => _hold.Count;

    public static string RetryGroupId(KafkaOptions kafka) => kafka.GroupId + ".retry";

    public override void Dispose()
    {
        _hold.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);

    private void Hold(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger)
    {
        // Counted in flight only once handed on: a held record must not fill the bound and stop the reading of one due sooner.
        var acknowledgement = ledger.TrackHeld(record);
        if (_reader.Read(record, acknowledgement) is not { } parked)
        {
            return;
        }

        var outbound = _namespaces?.WithTrustedNamespace(parked.Outbound) ?? parked.Outbound;
        _hold.Hold(new HeldRetry(record.TopicPartition, outbound, record.Message, parked.DueAt));
    }

    private void Deliver(HeldRetry held)
    {
        held.Outbound.Acknowledgement.MarkInFlight();
        _delivery.Deliver(held.Outbound);
    }

    /// <summary>
    /// Writes a held record back to the end of the retry topic, and acknowledges the one read only once the topic has
    /// the copy: a crash in between reads both (one retry twice at worst), never neither. While the topic refuses it,
    /// it is written again with backoff and counts in flight (<see cref="InternalTopicWriter"/>).
    /// </summary>
    private void Repark(HeldRetry held, ReparkReason reason)
    {
        var outbound = held.Outbound;
        var tag = reason == ReparkReason.Horizon ? HorizonReparkTag : HeldLimitReparkTag;
        outbound.Acknowledgement.MarkInFlight();
        if (reason == ReparkReason.HeldLimit && _throttle.ShouldLog(HeldLimitReparkTag, out var heldBack))
        {
            HeldLimitReached(_logger, _maxHeld, _topic, heldBack);
        }

        _writer.Write(_topic, RetryRecord.Reparked(held.Record, _group), outbound.ItemId, () =>
        {
            _metrics?.Reparked(_topic, tag);
            outbound.Acknowledge();
        }, tooLarge: _ =>
        {
            // The topic took this record once but no longer takes its size (its limit was lowered): kept on the dead-letter topic.
            _deadLetters.PublishUndeliverable(outbound, RetryParker.TooLargeToParkReason,
                $"the retry topic '{_topic}' refused the record's size when it was re-parked", outbound.Attempt);
            return null;
        });
    }

    private void Release(IReadOnlyCollection<TopicPartition>? partitions)
    {
        foreach (var held in _hold.Release(partitions))
        {
            held.Outbound.Acknowledgement.Abandon();
        }
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning,
        Message = "The retry consumer holds Retry:MaxHeldStatuses ({MaxHeld}) records: the furthest-due go back to {Topic} early and are read "
            + "again; raise the setting if this goes on ({HeldBack} more re-parks like this in the last 30 s)")]
    private static partial void HeldLimitReached(ILogger logger, int maxHeld, string topic, int heldBack);
}
