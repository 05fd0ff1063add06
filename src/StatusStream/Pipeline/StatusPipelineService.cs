using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Retry;

namespace StatusStream.Pipeline;

/// <summary>The input pipeline: consumes the input topics and hands each record to the <see cref="RecordProcessor"/>.</summary>
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
        ILogger<StatusPipelineService> logger)
    {
        var kafka = kafkaOptions.Value;
        var settings = new ConsumeLoopSettings("input", kafka.InputTopicList, kafka.GroupId, processor.Process, ordered.Release);
        _loop = new ConsumeLoop(settings, kafka, pipelineOptions.Value, producer, failures, time, lifetime, logger);
    }

    public bool HasAssignment => _loop.HasAssignment;

    /// <summary>Statuses sent or waiting but not yet safely somewhere (the back-pressure count).</summary>
    public long InFlightStatuses => _loop.Ledger.InFlightOutputs;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);
}
