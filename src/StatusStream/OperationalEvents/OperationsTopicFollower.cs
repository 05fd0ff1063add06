using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;

namespace StatusStream.OperationalEvents;

/// <summary>
/// Reads the operations topic back into <see cref="DisabledEndpoints"/>: at start every partition from its beginning to
/// its end (the host goes on only then, so a restart never sends to an endpoint that is disabled), then it follows the
/// topic, so an endpoint another instance disabled, or an operator enabled (`statusstream endpoints enable`, the admin
/// API), changes here too. Partitions are assigned: no group, no commits. The topic is compacted by key, so each
/// endpoint's last event stays however old it is. Anyone allowed to write the topic can write anything there: a record
/// that is not an operational event is skipped and logged with its position only. Without the topic (not created yet)
/// the host still starts: an Error line says that disabled endpoints then live in this instance's memory only.
/// </summary>
internal sealed class OperationsTopicFollower(
    IOptions<KafkaOptions> kafkaOptions,
    DisabledEndpoints disabled,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<OperationsTopicFollower> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<int> _atEnd = [];
    private IConsumer<byte[], byte[]>? _consumer;
    private Task? _loop;
    private int _partitions;
    private long _skipped;
    private int _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The broker gate gave up, or the host was stopped while it waited: nothing will consume, so nothing to read.
        if (cancellationToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        var kafka = kafkaOptions.Value;
        var topic = kafka.OperationsTopic;
        var timeout = kafka.StartupTimeoutSeconds > 0 ? TimeSpan.FromSeconds(kafka.StartupTimeoutSeconds) : Timeout.InfiniteTimeSpan;
        var config = KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".operations");
        config.EnablePartitionEof = true;
        config.FetchWaitMaxMs ??= 100;
        using (var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(kafka)).SetLogHandler((_, _) => { }).Build())
        {
            var metadata = admin.GetMetadata(topic, timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromMinutes(1) : timeout).Topics.Single();
            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                // Not a reason to stop delivering statuses: endpoints are disabled in this instance's memory only, until
                // the topic is there. Said once, loudly, naming the setting and the manifest.
                OperationalEventLog.TopicMissing(logger, topic, $"{metadata.Error.Code}: {metadata.Error.Reason}");
                return;
            }

            _partitions = metadata.Partitions.Count;
            _consumer = new ConsumerBuilder<byte[], byte[]>(config)
                .SetLogHandler((_, _) => { })
                .SetErrorHandler((_, _) => { }) // transient broker errors: librdkafka reconnects; the pipeline's clients log them
                .Build();
            _consumer.Assign(metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)));
        }

        var started = time.GetTimestamp();
        _loop = Task.Factory.StartNew(Follow, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await _caughtUp.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"the operations topic '{topic}' was not read to its end within {KafkaOptions.SectionName}:StartupTimeoutSeconds ({kafka.StartupTimeoutSeconds} s)");
        }

        OperationalEventLog.CaughtUp(logger, topic, disabled.Count, Interlocked.Read(ref _skipped), time.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The host's shutdown time is up: the thread ends on its own.
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _loop?.Wait(TimeSpan.FromSeconds(5));
        _consumer?.Dispose();
    }

    private void Follow()
    {
        var consumer = _consumer!;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                ConsumeResult<byte[], byte[]>? record;
                try
                {
                    record = consumer.Consume(PollTimeout);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    continue;
                }

                if (record is null)
                {
                    continue;
                }

                if (record.IsPartitionEOF)
                {
                    if (_atEnd.Add(record.Partition.Value) && _atEnd.Count == _partitions)
                    {
                        _caughtUp.TrySetResult();
                    }
                }
                else if (record.Message.Value is { } value && OperationalEventJson.TryRead(value, out var e))
                {
                    disabled.Apply(e!);
                }
                else
                {
                    Interlocked.Increment(ref _skipped);
                    OperationalEventLog.Unreadable(logger, record.Partition.Value, record.Offset.Value);
                }
            }
        }
        catch (KafkaException e)
        {
            OperationalEventLog.FollowFailed(logger, e.Error.Code.ToString(), e.Error.Reason);
            _caughtUp.TrySetException(e);
        }
        finally
        {
            try
            {
                consumer.Close();
            }
            catch (Exception e) when (e is KafkaException or ObjectDisposedException)
            {
                // Closing a consumer that failed may fail again.
            }
        }
    }
}
