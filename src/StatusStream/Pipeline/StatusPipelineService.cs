using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.Retry;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>The input pipeline: consumes the input topics and the inbound topic and hands each record to the <see cref="RecordProcessor"/>.</summary>
internal sealed class StatusPipelineService : BackgroundService
{
    private readonly ConsumeLoop _loop;

    public StatusPipelineService(
        IOptions<KafkaOptions> kafkaOptions,
        IOptions<PipelineOptions> pipelineOptions,
        IProducer<byte[], byte[]> producer,
        RecordProcessor processor,
        OrderedDelivery ordered,
        PipelineFailures failures,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<StatusPipelineService> logger,
        StatusStreamMetrics? metrics = null,
        KafkaStatisticsRelay? statistics = null,
        KafkaClientFactory? clients = null)
    {
        var kafka = kafkaOptions.Value;
        var handle = metrics is null ? processor.Process : MeasuredHandler.Wrap("input", kafka.GroupId, processor.Process, metrics, time);
        var settings = new ConsumeLoopSettings("input", kafka.ConsumedTopicList, kafka.GroupId, handle, ordered.Release);
        _loop = new ConsumeLoop(settings, kafka, pipelineOptions.Value, producer, failures, time, lifetime, logger, statistics: statistics, clients: clients);
        metrics?.ObserveInFlight("input", () => _loop.Ledger.InFlightOutputs);
    }

    public bool HasAssignment => _loop.HasAssignment;

    /// <summary>Input partitions this instance owns now.</summary>
    public int AssignedPartitions => _loop.AssignedPartitions;

    /// <summary>Statuses sent or waiting but not yet safely somewhere (the back-pressure count).</summary>
    public long InFlightStatuses => _loop.Ledger.InFlightOutputs;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);
}
