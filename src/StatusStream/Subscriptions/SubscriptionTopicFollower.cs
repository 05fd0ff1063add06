using System.Text;
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
/// </summary>
internal sealed class SubscriptionTopicFollower(
    IOptions<SubscriptionOptions> options,
    IOptions<KafkaOptions> kafkaOptions,
    SubscriptionStore store,
    SecretSealer sealer,
    TimeProvider time,
    ILogger<SubscriptionTopicFollower> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _read = [];
    private readonly List<(TopicPartitionOffset Written, TaskCompletionSource Done)> _waiters = [];
    private readonly HashSet<int> _atEnd = [];
    private IConsumer<byte[], byte[]>? _consumer;
    private Task? _loop;
    private int _partitions;
    private int _disposed;

    /// <summary>True once the topic has been read to the end it had at start: this instance routes with every subscription.</summary>
    public bool CaughtUp => _caughtUp.Task.IsCompletedSuccessfully;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var kafka = kafkaOptions.Value;
        var config = KafkaClientConfigs.Consumer(kafka, kafka.GroupId + ".subscriptions");
        config.EnablePartitionEof = true;
        // Changes should reach every instance quickly; a fetch.wait.max.ms entry in Kafka:ClientProperties still wins.
        config.FetchWaitMaxMs ??= 100;
        var timeout = TimeSpan.FromSeconds(settings.StartTimeoutSeconds);
        using (var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(kafka)).SetLogHandler((_, _) => { }).Build())
        {
            var metadata = admin.GetMetadata(settings.Topic, timeout).Topics.Single();
            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException(
                    $"{SubscriptionOptions.SectionName}:Topic '{settings.Topic}' cannot be read ({metadata.Error.Code}: {metadata.Error.Reason}); create it (deploy/kafka/statusstream-subscriptions.yaml) or fix the setting.");
            }

            _partitions = metadata.Partitions.Count;
            _consumer = new ConsumerBuilder<byte[], byte[]>(config)
                .SetLogHandler((_, _) => { })
                .SetErrorHandler((_, error) => SubscriptionLog.ConsumeError(logger, error.Code.ToString(), error.Reason))
                .Build();
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
            throw new InvalidOperationException(
                $"the subscriptions topic '{settings.Topic}' was not read to its end within {SubscriptionOptions.SectionName}:StartTimeoutSeconds ({settings.StartTimeoutSeconds} s)");
        }

        SubscriptionLog.CaughtUp(logger, settings.Topic, store.Count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
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
                    SubscriptionLog.ConsumeError(logger, e.Error.Code.ToString(), e.Error.Reason);
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
            SubscriptionLog.FollowFailed(logger, e.Error.Code.ToString(), e.Error.Reason);
            _caughtUp.TrySetException(e);
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Apply(ConsumeResult<byte[], byte[]> record)
    {
        if (record.Message.Key is not { } keyBytes || !Guid.TryParse(Encoding.UTF8.GetString(keyBytes), out var id))
        {
            SubscriptionLog.UnreadableRecord(logger, record.Partition.Value, record.Offset.Value, "its key is not a subscription id");
            return;
        }

        if (record.Message.Value is null)
        {
            store.ApplyEnd(id, HeaderText.GetOrNull(record.Message.Headers, SubscriptionHeaders.Namespace),
                SubscriptionHeaders.Parse(HeaderText.GetOrNull(record.Message.Headers, SubscriptionHeaders.Ended)));
            return;
        }

        if (SubscriptionRecord.TryRead(id, record.Message.Value, sealer, out var subscription, out var problem))
        {
            store.Apply(subscription!);
        }
        else
        {
            // Kept out of routing, not guessed at: an operator fixes the key configuration and restarts.
            SubscriptionLog.UnreadableRecord(logger, record.Partition.Value, record.Offset.Value, problem);
        }
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
