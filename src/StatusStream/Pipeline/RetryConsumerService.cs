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
/// never hold back fresh input. Each parked status is read at once and held in a <see cref="DueQueue"/>
/// until its due time, then delivered again; its retry record is acknowledged (and later committed)
/// only when the status is delivered, parked again or dead-lettered. On revocation the held
/// statuses of those partitions are given up, uncommitted, for their next owner: no partition is
/// ever paused waiting for a due time, so none can stay paused after a rebalance.
/// </summary>
internal sealed class RetryConsumerService : BackgroundService
{
    public const string UnreadableRetryRecordReason = "bad-retry-record";
    private const int MaxForeignGroupsLogged = 100;
    private readonly ConsumeLoop _loop;
    private readonly DueQueue _due;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly HashSet<string> _ownGroups;
    private readonly string _topic;
    private readonly ILogger _logger;
    private readonly HashSet<string> _foreignGroupsSeen = new(StringComparer.Ordinal);
    private readonly InputTopicNamespaces? _namespaces;

    public RetryConsumerService(
        IOptions<KafkaOptions> kafkaOptions,
        IOptions<PipelineOptions> pipelineOptions,
        IProducer<byte[], byte[]> producer,
        IStatusDelivery delivery,
        DeadLetterPublisher deadLetters,
        PipelineFailures failures,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<RetryConsumerService> logger,
        StatusStreamMetrics? metrics = null,
        KafkaStatisticsRelay? statistics = null,
        InputTopicNamespaces? namespaces = null)
    {
        _namespaces = namespaces;
        var kafka = kafkaOptions.Value;
        _deadLetters = deadLetters;
        _ownGroups = new HashSet<string>(
            kafka.FormerGroupIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append(kafka.GroupId), StringComparer.Ordinal);
        _topic = kafka.RetryTopic;
        _logger = logger;
        _due = new DueQueue(time, delivery.Deliver);
        var handle = metrics is null ? Hold : MeasuredHandler.Wrap("retry", RetryGroupId(kafka), Hold, metrics, time);
        var settings = new ConsumeLoopSettings("retry", [kafka.RetryTopic], RetryGroupId(kafka), handle, Release);
        _loop = new ConsumeLoop(settings, kafka, pipelineOptions.Value, producer, failures, time, lifetime, logger, statistics: statistics);
        metrics?.ObserveInFlight("retry", () => _loop.Ledger.InFlightOutputs);
    }

    public bool HasAssignment => _loop.HasAssignment;

    /// <summary>Retry partitions this instance owns now.</summary>
    public int AssignedPartitions => _loop.AssignedPartitions;

    /// <summary>Statuses read from the retry topic and waiting for their due time.</summary>
    public int Held => _due.Count;

    public static string RetryGroupId(KafkaOptions kafka) => kafka.GroupId + ".retry";

    public override void Dispose()
    {
        _due.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);

    private void Hold(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger)
    {
        var acknowledgement = ledger.Track(record, outputs: 1);
        if (HeaderText.TryGet(record.Message.Headers, RetryHeaders.Group, out var group) && !_ownGroups.Contains(group))
        {
            // Another group's retry: its own retry consumer delivers it. Committed past here, never delivered twice.
            if (_foreignGroupsSeen.Count < MaxForeignGroupsLogged && _foreignGroupsSeen.Add(group))
            {
                Log.ForeignRetryRecords(_logger, _topic, group);
            }

            acknowledgement.Acknowledge();
            return;
        }

        if (!RetryRecord.TryRead(record, acknowledgement, out var parked, out var problem))
        {
            _deadLetters.PublishUnreadable(record, UnreadableRetryRecordReason, problem, acknowledgement);
            return;
        }

        var outbound = parked!.Outbound;
        if (_namespaces is { Enabled: true } namespaces)
        {
            // Not carried on the record: found again from the input topic it names, as for a fresh input.
            outbound = outbound with { Origin = outbound.Origin with { TrustedNamespace = namespaces.Of(outbound.Origin.Topic) } };
        }

        _due.Schedule(parked.DueAt, record.TopicPartition, outbound);
    }

    private void Release(IReadOnlyCollection<TopicPartition>? partitions)
    {
        foreach (var outbound in _due.Release(partitions))
        {
            outbound.Acknowledgement.Abandon();
        }
    }
}
