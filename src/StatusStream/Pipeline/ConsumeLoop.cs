using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StatusStream.Commit;
using StatusStream.Kafka;
using StatusStream.Telemetry;

namespace StatusStream.Pipeline;

/// <summary>
/// A consume loop over some topics in a consumer group: hands each record to a handler, pauses when
/// too much is in flight, and commits each partition only up to its acknowledged watermark (on a
/// timer, on revocation and on stop; never on loss). The input pipeline and the retry consumer each
/// run one, with their own <see cref="OffsetLedger"/>.
/// </summary>
internal sealed class ConsumeLoop(
    ConsumeLoopSettings settings,
    KafkaOptions kafka,
    PipelineOptions pipeline,
    IProducer<byte[], byte[]> producer,
    PipelineFailures failures,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger logger,
    Func<ConsumerConfig, ConsumerBuilder<byte[], byte[]>>? consumerBuilder = null,
    KafkaStatisticsRelay? statistics = null,
    KafkaClientFactory? clients = null)
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // While paused no record can arrive, so a long poll would only delay noticing that enough was acknowledged to
    // resume: up to 100 ms of idle intake per pause cycle at full load. A short poll still serves rebalance callbacks.
    private static readonly TimeSpan PausedPollTimeout = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan FlushStep = TimeSpan.FromMilliseconds(100);

    // At the bound the loop first waits this long for acknowledgements without polling, so the records librdkafka
    // has fetched stay queued: pausing purges them, and every resume fetches them again. Only a pipeline that
    // does not drain within it is paused (the loop must poll to serve rebalances). Rebalance callbacks wait at most this.
    internal static readonly TimeSpan StallBeforePause = TimeSpan.FromMilliseconds(200);
    private const double FatalFlushSeconds = 5;
    // Null in tests that build the loop by hand: the owner passes its own logger to every client anyway.
    private readonly KafkaClientFactory _clients = clients ?? new KafkaClientFactory(time, NullLogger<KafkaClientFactory>.Instance);

    private bool _paused;
    private int _assigned;

    public OffsetLedger Ledger { get; } = new();

    /// <summary>Set once the consumer has received an assignment (used by tests and the demo).</summary>
    public bool HasAssignment { get; private set; }

    /// <summary>Partitions this member owns now (readiness: an instance with none does no work).</summary>
    public int AssignedPartitions => Volatile.Read(ref _assigned);

    public Task RunAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks, so the loop gets a thread of its own instead of a pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // A thread of its own (LongRunning), named for thread dumps and profilers: "input-consume", "retry-consume".
        Thread.CurrentThread.Name = $"{settings.Name}-consume";
        if (failures.IsFatal || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopped before it began (no broker answered at start, or SIGTERM during the wait): a
            // consumer built now would only add connection errors and a slow close.
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, failures.Stopping);
        using var consumer = BuildConsumer();
        consumer.Subscribe(settings.Topics);
        Log.PipelineStarted(logger, settings.Name, string.Join(',', settings.Topics), settings.GroupId, kafka.GroupProtocol.ToString());
        var commitInterval = TimeSpan.FromSeconds(pipeline.CommitIntervalSeconds);
        var lastCommit = time.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                ApplyBackpressure(consumer, stop.Token);
                if (stop.IsCancellationRequested)
                {
                    break; // stopped while waiting for room: take nothing more
                }

                ConsumeOne(consumer);
                if (time.GetElapsedTime(lastCommit) >= commitInterval)
                {
                    CommitAcknowledged(consumer, null);
                    lastCommit = time.GetTimestamp();
                }
            }
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            failures.ReportFatal($"the consumer failed fatally: {e.Error.Code} {e.Error.Reason}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failures.ReportFatal($"the pipeline failed unexpectedly: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Drain(consumer);
        }
    }

    private void ConsumeOne(IConsumer<byte[], byte[]> consumer)
    {
        ConsumeResult<byte[], byte[]>? record;
        try
        {
            record = consumer.Consume(_paused ? PausedPollTimeout : PollTimeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            Log.ConsumeError(logger, e.Error.Code.ToString(), e.Error.Reason);
            return;
        }

        if (record?.Message is not null)
        {
            settings.Handle(record, Ledger);
        }
    }

    private IConsumer<byte[], byte[]> BuildConsumer() =>
        _clients.Consumer(
                WithStatistics(KafkaClientConfigs.Consumer(kafka, settings.GroupId)),
                new ClientLogging(logger, "consumer")
                {
                    OnFatal = error => failures.ReportFatal($"the consumer failed fatally: {error.Code} {error.Reason}"),
                    OwnLog = OnClientLog,
                },
                // The seam for tests: a builder whose Build() returns a scripted consumer and calls the rebalance handlers.
                consumerBuilder)
            // Called inside Consume, on this loop's thread: the relay only queues the JSON.
            .SetStatisticsHandler((_, json) => statistics?.Post(settings.Name, settings.GroupId, json))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                HasAssignment = true;
                Interlocked.Add(ref _assigned, partitions.Count);
                Log.PartitionsAssigned(logger, PartitionListText.Of(partitions));
            })
            .SetPartitionsRevokedHandler((consumer, partitions) =>
            {
                // Another member takes these over: finish what is in flight, so it starts after our work.
                var revoked = partitions.Select(p => p.TopicPartition).ToList();
                Log.PartitionsRevoked(logger, PartitionListText.Of(revoked));
                Interlocked.Add(ref _assigned, -revoked.Count);
                settings.Release(revoked);
                WaitForAcknowledgements(revoked, TimeSpan.FromSeconds(pipeline.ShutdownTimeoutSeconds));
                CommitAcknowledged(consumer, revoked);
                Ledger.Forget(revoked);
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                // Lost, not revoked: the partitions may already belong to someone else, so committing
                // could move their offsets backwards or forwards under them. Drop and let them re-read.
                var lost = partitions.Select(p => p.TopicPartition).ToList();
                Log.PartitionsLost(logger, PartitionListText.Of(lost));
                Interlocked.Add(ref _assigned, -lost.Count);
                settings.Release(lost);
                Ledger.Forget(lost);
            })
            .Build();

    private ConsumerConfig WithStatistics(ConsumerConfig config)
    {
        // A statistics.interval.ms in Kafka:ClientProperties wins over Telemetry:KafkaStatisticsIntervalSeconds.
        if (statistics is { IntervalMs: > 0 } && config.StatisticsIntervalMs is null)
        {
            config.StatisticsIntervalMs = statistics.IntervalMs;
        }

        return config;
    }

    /// <summary>librdkafka's offset-reset warnings, read as records lost or skipped; every other line is the policy's.</summary>
    private bool OnClientLog(LogMessage message)
    {
        if (message.Facility != OffsetResetNotice.Facility || message.Level > SyslogLevel.Warning)
        {
            return false;
        }

        // librdkafka warns only when a reset follows an error (offset out of range): records were skipped.
        if (OffsetResetNotice.TryRead(message.Message, out var topic, out var partition, out var from, out var to) && to > from)
        {
            Log.RecordsSkipped(logger, settings.Name, topic, partition, from, to, to - from, message.Message);
        }
        else
        {
            Log.PositionReset(logger, settings.Name, message.Message);
        }

        return true;
    }

    private void ApplyBackpressure(IConsumer<byte[], byte[]> consumer, CancellationToken stopping)
    {
        var inFlight = Ledger.InFlightOutputs;
        if (!_paused && inFlight >= pipeline.MaxInFlightStatuses)
        {
            // Go on once an eighth of the bound is acknowledged, so a loop at the bound does not wait once per record
            // (at least one, and at a bound of 1 once nothing is in flight).
            var below = Math.Max(1, pipeline.MaxInFlightStatuses - Math.Max(1, pipeline.MaxInFlightStatuses / 8));
            if (Ledger.WaitForRoom(below, StallBeforePause, time, stopping) || stopping.IsCancellationRequested)
            {
                return;
            }

            inFlight = Ledger.InFlightOutputs;
            _paused = true;
            Log.IntakePaused(logger, inFlight);
        }
        else if (_paused && inFlight <= pipeline.MaxInFlightStatuses / 2)
        {
            _paused = false;
            consumer.Resume(consumer.Assignment);
            Log.IntakeResumed(logger, inFlight);
            return;
        }

        if (_paused)
        {
            // Re-applied every turn: partitions assigned while paused must be paused too.
            consumer.Pause(consumer.Assignment);
        }
    }

    private void WaitForAcknowledgements(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout)
    {
        var started = time.GetTimestamp();
        while (Ledger.PendingRecords(partitions) > 0 && time.GetElapsedTime(started) < timeout && !failures.IsFatal)
        {
            producer.Flush(FlushStep);
        }
    }

    private void CommitAcknowledged(IConsumer<byte[], byte[]> consumer, IReadOnlyCollection<TopicPartition>? partitions)
    {
        var offsets = Ledger.Committable(partitions);
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            Ledger.MarkCommitted(offsets);
            Log.OffsetsCommitted(logger, string.Join(", ", offsets));
        }
        catch (KafkaException e)
        {
            // Not fatal: the watermark stays, and the next commit carries it.
            Log.CommitFailed(logger, e.Error.Code.ToString(), e.Error.Reason);
        }
    }

    private void Drain(IConsumer<byte[], byte[]> consumer)
    {
        // After a fatal error, still flush what can be flushed (a broken consumer leaves a working
        // producer), but briefly: a fatally failed producer fails its queue at once anyway.
        var timeout = TimeSpan.FromSeconds(failures.IsFatal ? Math.Min(FatalFlushSeconds, pipeline.ShutdownTimeoutSeconds) : pipeline.ShutdownTimeoutSeconds);
        settings.Release(null);
        Log.PipelineStopping(logger, settings.Name, Ledger.InFlightOutputs);
        var started = time.GetTimestamp();
        while (producer.Flush(FlushStep) > 0 && time.GetElapsedTime(started) < timeout)
        {
        }

        try
        {
            CommitAcknowledged(consumer, null);
            consumer.Close();
        }
        catch (KafkaException e)
        {
            Log.CommitFailed(logger, e.Error.Code.ToString(), e.Error.Reason);
        }

        Log.PipelineStopped(logger, settings.Name, Ledger.InFlightOutputs);
        Volatile.Write(ref _assigned, 0);
        statistics?.Stopped(settings.Name);
        if (failures.IsFatal)
        {
            Environment.ExitCode = ExitCodes.Fatal;
            lifetime.StopApplication();
        }
    }
}
