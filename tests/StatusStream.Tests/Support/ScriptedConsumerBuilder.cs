using System.Collections.Concurrent;
using Confluent.Kafka;
using Moq;

namespace StatusStream.Tests.Support;

/// <summary>
/// The consumer seam of <see cref="StatusStream.Pipeline.ConsumeLoop"/>: a builder whose Build()
/// returns a Moq consumer driven by a script, calling the rebalance handlers the loop registered
/// on the loop's own thread (inside Consume), as librdkafka does. Records of paused partitions are
/// held back, as librdkafka holds them. Consume waits up to its timeout for the next step, like the
/// real one; it never sleeps a fixed time.
/// </summary>
internal sealed class ScriptedConsumerBuilder(ConsumerConfig config) : ConsumerBuilder<byte[], byte[]>(config)
{
    private readonly ConcurrentQueue<Step> _script = new();
    private readonly SemaphoreSlim _stepAdded = new(0);
    private readonly Lock _gate = new();
    private readonly List<TopicPartition> _assignment = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly ConcurrentQueue<TopicPartitionOffset> _commits = new();
    private int _consumeCalls;
    private int _pauses;
    private int _resumes;

    private abstract record Step;

    private sealed record AssignStep(TopicPartition[] Partitions) : Step;

    private sealed record RecordStep(TopicPartitionOffset Position) : Step;

    private sealed record RevokeStep(TopicPartition[] Partitions) : Step;

    private sealed record LoseStep(TopicPartition[] Partitions) : Step;

    /// <summary>Every offset committed, in order.</summary>
    public IReadOnlyList<TopicPartitionOffset> Commits => _commits.ToArray();

    public int Pauses => Volatile.Read(ref _pauses);

    public int Resumes => Volatile.Read(ref _resumes);

    public bool IsPaused(TopicPartition partition)
    {
        lock (_gate)
        {
            return _paused.Contains(partition);
        }
    }

    /// <summary>Steps not yet taken (a record of a paused partition waits here).</summary>
    public int PendingSteps => _script.Count;

    public int ConsumeCalls => Volatile.Read(ref _consumeCalls);

    public void Assign(params TopicPartition[] partitions) => Add(new AssignStep(partitions));

    public void Records(TopicPartition partition, long from, int count)
    {
        for (var offset = from; offset < from + count; offset++)
        {
            Add(new RecordStep(new TopicPartitionOffset(partition, offset)));
        }
    }

    public void Revoke(params TopicPartition[] partitions) => Add(new RevokeStep(partitions));

    public void Lose(params TopicPartition[] partitions) => Add(new LoseStep(partitions));

    /// <summary>Resolves once the loop has taken every step and come back for more (so the last handler has returned).</summary>
    public Task ScriptDoneAsync(TimeSpan deadline)
    {
        var calls = -1;
        return Poll.UntilAsync(() =>
        {
            if (!_script.IsEmpty)
            {
                return false;
            }

            if (calls < 0)
            {
                calls = ConsumeCalls;
            }

            return ConsumeCalls > calls + 1;
        }, deadline, () => $"{_script.Count} script steps left");
    }

    public override IConsumer<byte[], byte[]> Build()
    {
        var consumer = new Mock<IConsumer<byte[], byte[]>>();
        consumer.SetupGet(c => c.Assignment).Returns(() =>
        {
            lock (_gate)
            {
                return _assignment.ToList();
            }
        });
        consumer.Setup(c => c.Pause(It.IsAny<IEnumerable<TopicPartition>>())).Callback<IEnumerable<TopicPartition>>(partitions =>
        {
            lock (_gate)
            {
                _paused.UnionWith(partitions);
            }

            Interlocked.Increment(ref _pauses);
        });
        consumer.Setup(c => c.Resume(It.IsAny<IEnumerable<TopicPartition>>())).Callback<IEnumerable<TopicPartition>>(partitions =>
        {
            lock (_gate)
            {
                _paused.ExceptWith(partitions);
            }

            Interlocked.Increment(ref _resumes);
        });
        consumer.Setup(c => c.Commit(It.IsAny<IEnumerable<TopicPartitionOffset>>())).Callback<IEnumerable<TopicPartitionOffset>>(offsets =>
        {
            foreach (var offset in offsets)
            {
                _commits.Enqueue(offset);
            }
        });
        // Null is what Consume returns when nothing arrived in time; the interface just does not say so.
        consumer.Setup(c => c.Consume(It.IsAny<TimeSpan>())).Returns<TimeSpan>(timeout => Consume(consumer.Object, timeout)!);
        return consumer.Object;
    }

    private void Add(Step step)
    {
        _script.Enqueue(step);
        _stepAdded.Release();
    }

    private ConsumeResult<byte[], byte[]>? Consume(IConsumer<byte[], byte[]> consumer, TimeSpan timeout)
    {
        Interlocked.Increment(ref _consumeCalls);
        if (!_script.TryPeek(out var step) || (step is RecordStep held && IsPaused(held.Position.TopicPartition)))
        {
            _stepAdded.Wait(timeout);
            return null;
        }

        _script.TryDequeue(out _);
        switch (step)
        {
            case AssignStep assign:
                lock (_gate)
                {
                    _assignment.AddRange(assign.Partitions);
                }

                PartitionsAssignedHandler?.Invoke(consumer, assign.Partitions.ToList());
                return null;
            case RevokeStep revoke:
                PartitionsRevokedHandler?.Invoke(consumer, Positions(revoke.Partitions));
                Unassign(revoke.Partitions);
                return null;
            case LoseStep lose:
                PartitionsLostHandler?.Invoke(consumer, Positions(lose.Partitions));
                Unassign(lose.Partitions);
                return null;
            case RecordStep record:
                return new ConsumeResult<byte[], byte[]>
                {
                    TopicPartitionOffset = record.Position,
                    Message = new Message<byte[], byte[]> { Value = [], Timestamp = new Timestamp(0, TimestampType.CreateTime) },
                };
            default:
                throw new InvalidOperationException($"unknown step {step}");
        }
    }

    private static List<TopicPartitionOffset> Positions(TopicPartition[] partitions) =>
        partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)).ToList();

    private void Unassign(TopicPartition[] partitions)
    {
        lock (_gate)
        {
            _assignment.RemoveAll(partitions.Contains);
            _paused.ExceptWith(partitions);
        }
    }
}
