using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;

namespace StatusStream.Subscriptions;

/// <summary>
/// Reads the subscriptions topic into the <see cref="SubscriptionStore"/>: at start every partition from
/// its beginning to its end, and the host does not go on (no routing, no API, not started) until it has;
/// then it follows the topic for as long as the host runs. Partitions are assigned, not subscribed: every
/// instance reads everything, so every instance of the group routes alike. No offsets are committed.
/// The last record of a key wins and a tombstone ends it, so the view is the same whether or not the topic
/// was compacted: compaction only bounds how much there is to read (the embedded cluster never compacts).
/// A record that cannot be read or is not authentic (<see cref="SubscriptionRecordReader"/>) is skipped, counted and
/// logged once with its position, never its bytes; nothing a record holds stops the thread. If the thread ends anyway
/// (a fatal client error, a defect), that is logged and <see cref="Problem"/> says so: readiness fails.
/// </summary>
internal sealed class SubscriptionTopicFollower(
    IOptions<SubscriptionOptions> options,
    IOptions<KafkaOptions> kafkaOptions,
    SubscriptionStore store,
    SubscriptionRecordReader reader,
    SubscriptionMetrics metrics,
    TimeProvider time,
    ILogger<SubscriptionTopicFollower> logger,
    KafkaClientFactory clients,
    Func<ConsumerConfig, ConsumerBuilder<byte[], byte[]>>? consumerBuilder = null) : IHostedService, IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Skipped records logged per window (each once, with its position); past that they are counted into the next line.</summary>
    private const int SkipLinesPerWindow = 20;

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _read = [];
    private readonly List<(TopicPartitionOffset Written, TaskCompletionSource Done)> _waiters = [];
    private readonly HashSet<int> _atEnd = [];
    private readonly ClientLogThrottle _throttle = new(time, ClientLogThrottle.DefaultWindow);

    // Ids whose last record read had no tag (only while Subscriptions:AcceptUntaggedRecords): UntaggedRecordResealer writes them again.
    private readonly HashSet<Guid> _untagged = [];
    private IConsumer<byte[], byte[]>? _consumer;
    private Task? _loop;
    private int _partitions;
    private int _disposed;
    private volatile string? _failure;
    private long _skipWindowStart;
    private int _skipLines;
    private int _skipHeld;
    private long _skipped;

    /// <summary>True once the topic has been read to the end it had at start: this instance routes with every subscription.</summary>
    public bool CaughtUp => _caughtUp.Task.IsCompletedSuccessfully;

    /// <summary>Why this instance does not route with every subscription now (for readiness), or null: caught up and following.</summary>
    public string? Problem =>
        _failure ?? (_loop is { IsCompleted: true } && !_stop.IsCancellationRequested ? "the subscriptions topic's follower thread has ended"
            : !CaughtUp ? "the subscriptions topic has not been read to its end yet"
            : null);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var kafka = kafkaOptions.Value;
        var config = KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".subscriptions");
        config.EnablePartitionEof = true;
        // Changes should reach every instance quickly; a fetch.wait.max.ms entry in Kafka:ClientProperties still wins.
        config.FetchWaitMaxMs ??= 100;
        var timeout = TimeSpan.FromSeconds(settings.StartTimeoutSeconds);
        using (var admin = clients.Admin(KafkaClientConfigs.Admin(kafka), new ClientLogging(logger, "admin")))
        {
            var metadata = admin.GetMetadata(settings.Topic, timeout).Topics.Single();
            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException(
                    $"{SubscriptionOptions.SectionName}:Topic '{settings.Topic}' cannot be read ({metadata.Error.Code}: {metadata.Error.Reason}); create it (deploy/kafka/statusstream-subscriptions.yaml) or fix the setting.");
            }

            _partitions = metadata.Partitions.Count;
            // Its errors are the follower's consume errors (event 8002, throttled there with those Consume throws).
            _consumer = clients.Consumer(config, new ClientLogging(logger, "consumer") { OwnErrors = ConsumeError }, consumerBuilder).Build();
            _consumer.Assign(metadata.Partitions.Select(p => new TopicPartitionOffset(settings.Topic, p.PartitionId, Offset.Beginning)));
        }

        var started = time.GetTimestamp();
        _loop = Task.Factory.StartNew(Follow, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await _caughtUp.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The thread's own failure, when it ended, says more than the timeout does.
            throw new InvalidOperationException(_failure ??
                $"the subscriptions topic '{settings.Topic}' was not read to its end within {SubscriptionOptions.SectionName}:StartTimeoutSeconds ({settings.StartTimeoutSeconds} s)");
        }

        // The count, because past SkipLinesPerWindow lines a start that skips many records does not log each.
        SubscriptionLog.CaughtUp(logger, settings.Topic, store.Count, Interlocked.Read(ref _skipped), time.GetElapsedTime(started).TotalMilliseconds);
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
                // The host's shutdown time is up: the thread ends on its own (it was told to stop) and Dispose waits a
                // little for it. An exception here would end the process with 134 instead of the promised 0.
            }
        }
    }

    /// <summary>The ids whose last record had no tag, taken once the topic has been read to its end; later ones are added again.</summary>
    public IReadOnlyList<Guid> TakeUntagged()
    {
        lock (_lock)
        {
            var ids = _untagged.ToList();
            _untagged.Clear();
            return ids;
        }
    }

    /// <summary>Completes once this instance has read the record at <paramref name="written"/> (a write of its own).</summary>
    public Task WaitUntilReadAsync(TopicPartitionOffset written, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_read.GetValueOrDefault(written.Partition.Value, -1) > written.Offset.Value)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((written, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        // Registered as itself and as a hosted service, so the container disposes it twice.
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
                    ConsumeError(e.Error);
                    continue;
                }

                if (record is null)
                {
                    continue;
                }

                if (!record.IsPartitionEOF)
                {
                    Apply(record);
                }

                Read(record.Partition.Value, record.IsPartitionEOF ? record.Offset.Value : record.Offset.Value + 1, record.IsPartitionEOF);
            }
        }
        catch (KafkaException e)
        {
            // Logged before readiness says so, so whoever sees it fail finds the line.
            SubscriptionLog.FollowFailed(logger, e.Error.Code.ToString(), e.Error.Reason);
            _failure = $"following the subscriptions topic failed ({e.Error.Code})";
            _caughtUp.TrySetException(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a record's doing (those are skipped one by one): a defect. Its message is not logged, as for health checks: it may quote a value.
            SubscriptionLog.FollowCrashed(logger, e.GetType().FullName ?? e.GetType().Name, e.StackTrace ?? "(none)");
            _failure = $"the subscriptions topic's follower failed with {e.GetType().Name} (logged as event 8013)";
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
                // Closing a consumer that failed may fail again; the failure is already logged.
            }
        }
    }

    private void ConsumeError(Error error)
    {
        // librdkafka repeats a broker outage's error on every reconnect: one line per kind per window, like the pipeline's clients.
        var kind = error.Code.ToString();
        if (_throttle.ShouldLog(kind, out var heldBack))
        {
            SubscriptionLog.ConsumeError(logger, kind, _throttle.Annotate(error.Reason, heldBack));
        }
    }

    private void Apply(ConsumeResult<byte[], byte[]> record)
    {
        SubscriptionRecordRead read;
        try
        {
            read = reader.Read(record.Message);
            if (read.IsSkip)
            {
                // Kept out of routing, not guessed at: an operator fixes the key configuration, or removes the record with a tombstone.
            }
            else if (read.IsEnd)
            {
                if (!store.ApplyEnd(read.Id, read.Namespace, read.Reason))
                {
                    read = SubscriptionRecordRead.Skip(SubscriptionRecordRead.Refused, "it ends a subscription of another namespace than it names");
                }
            }
            else
            {
                store.Apply(read.Subscription!);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever one record makes fail, it is that record that is skipped, not the topic.
            read = SubscriptionRecordRead.Skip("failed", $"applying it failed ({e.GetType().Name})");
        }

        if (read.IsSkip)
        {
            Interlocked.Increment(ref _skipped);
            metrics.Skipped(read.SkipReason!);
            LogSkipped(record, read);
            return;
        }

        lock (_lock)
        {
            if (read.Untagged)
            {
                _untagged.Add(read.Id);
            }
            else
            {
                _untagged.Remove(read.Id);
            }
        }
    }

    private void LogSkipped(ConsumeResult<byte[], byte[]> record, SubscriptionRecordRead read)
    {
        // Each skipped record is logged once, as it is read; a flood of them (the topic is an input like any other) at most
        // SkipLinesPerWindow lines a window, the next line saying how many it stands for. Only the follower's thread is here.
        var now = time.GetTimestamp();
        if (_skipLines > 0 && time.GetElapsedTime(_skipWindowStart, now) >= ClientLogThrottle.DefaultWindow)
        {
            _skipLines = 0;
        }

        if (_skipLines == 0)
        {
            _skipWindowStart = now;
        }

        if (_skipLines++ >= SkipLinesPerWindow)
        {
            _skipHeld++;
            return;
        }

        SubscriptionLog.UnreadableRecord(logger, record.Partition.Value, record.Offset.Value, read.SkipReason!, _throttle.Annotate(read.Problem!, _skipHeld));
        _skipHeld = 0;
    }

    private void Read(int partition, long next, bool atEnd)
    {
        lock (_lock)
        {
            _read[partition] = Math.Max(_read.GetValueOrDefault(partition, 0), next);
            if (atEnd && _atEnd.Add(partition) && _atEnd.Count == _partitions)
            {
                _caughtUp.TrySetResult();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (written, done) = _waiters[i];
                if (written.Partition.Value == partition && next > written.Offset.Value)
                {
                    done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
