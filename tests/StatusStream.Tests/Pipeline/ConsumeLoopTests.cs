using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using StatusStream.Commit;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>
/// The consume loop's own guarantees, with a scripted consumer behind its seam: what it commits on
/// revocation and on loss, and that intake pauses at the in-flight bound and resumes. Each of these
/// tests fails when the matching rule in ConsumeLoop is broken (checked by breaking it on purpose).
/// </summary>
public sealed class ConsumeLoopTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly TopicPartition P0 = new("events", 0);
    private static readonly TopicPartition P1 = new("events", 1);

    [Fact]
    public async Task PartitionsLost_NothingCommittedForThem()
    {
        await using var run = new LoopRun(outputsPerRecord: 1);
        // Deliveries complete on any flush, so a loop that waited and committed on loss would commit at once.
        run.AcknowledgeOnFlush = _ => true;
        run.Consumer.Assign(P0, P1);
        run.Consumer.Records(P0, from: 0, count: 3);
        run.Consumer.Records(P1, from: 0, count: 2);
        run.Consumer.Lose(P0);
        await run.Consumer.ScriptDoneAsync(Deadline);
        run.AcknowledgeAll();

        await run.StopAsync();

        // Everything of P0 was acknowledged, yet its owner may already be someone else: no commit.
        Assert.DoesNotContain(run.Consumer.Commits, c => c.TopicPartition == P0);
        // The partition still owned is committed on stop, so the assertion above is not vacuous.
        Assert.Contains(new TopicPartitionOffset(P1, 2), run.Consumer.Commits);
    }

    [Fact]
    public async Task PartitionsLost_EverythingAlreadyAcknowledged_StillNothingCommittedForThem()
    {
        await using var run = new LoopRun(outputsPerRecord: 1) { AcknowledgeOnHandle = true };
        run.Consumer.Assign(P0, P1);
        run.Consumer.Records(P0, from: 0, count: 3);
        run.Consumer.Records(P1, from: 0, count: 2);
        // Every record of P0 is acknowledged before the loss is seen: a loop that committed what is acknowledged on loss
        // (even without waiting for anything) would commit P0 at 3 here.
        run.Consumer.Lose(P0);
        await run.Consumer.ScriptDoneAsync(Deadline);

        await run.StopAsync();

        Assert.DoesNotContain(run.Consumer.Commits, c => c.TopicPartition == P0);
        // The partition still owned is committed on stop, so the assertion above is not vacuous.
        Assert.Contains(new TopicPartitionOffset(P1, 2), run.Consumer.Commits);
    }

    [Fact]
    public async Task PartitionsRevoked_CommitsTheAcknowledgedWatermarkThen_OnlyForThem()
    {
        // Real time, a 1 s drain: record 2 of P0 is never acknowledged, so the revocation waits 1 s
        // for it and then commits up to it (its next owner reads it again), nothing past it.
        await using var run = new LoopRun(outputsPerRecord: 1, TimeProvider.System, shutdownTimeoutSeconds: 1);
        run.AcknowledgeOnFlush = offset => offset.TopicPartition != P0 || offset.Offset.Value != 2;
        run.Consumer.Assign(P0, P1);
        run.Consumer.Records(P0, from: 0, count: 4);
        run.Consumer.Records(P1, from: 0, count: 2);
        run.Consumer.Revoke(P0);
        await run.Consumer.ScriptDoneAsync(Deadline);

        var atRevocation = run.Consumer.Commits.ToList();
        await run.StopAsync();

        Assert.Equal([new TopicPartitionOffset(P0, 2)], atRevocation);
        Assert.DoesNotContain(run.Consumer.Commits.Skip(atRevocation.Count), c => c.TopicPartition == P0);
    }

    [Fact]
    public async Task PartitionsRevoked_AfterEverythingAcknowledged_CommitsTheEnd()
    {
        await using var run = new LoopRun(outputsPerRecord: 2);
        run.AcknowledgeOnFlush = _ => true;
        run.Consumer.Assign(P0);
        run.Consumer.Records(P0, from: 0, count: 5);
        run.Consumer.Revoke(P0);
        await run.Consumer.ScriptDoneAsync(Deadline);

        Assert.Equal([new TopicPartitionOffset(P0, 5)], run.Consumer.Commits);
    }

    [Fact]
    public async Task InFlightBound_NotDrainedWithinTheStall_IntakePausesAndResumesAtHalf_EveryRecordHandled()
    {
        const int Records = 12;
        var clock = new FakeTimeProvider();
        await using var run = new LoopRun(outputsPerRecord: 2, clock, maxInFlightStatuses: 4);
        run.Consumer.Assign(P0);
        run.Consumer.Records(P0, from: 0, count: Records);

        for (var round = 1; round <= Records / 2; round++)
        {
            // Two more records make 4 statuses in flight: the loop waits for acknowledgements, and once the stall
            // has passed on the clock with none, intake pauses; nothing more is handled until they are acknowledged;
            // then it resumes (at 2 = half the bound, here 0).
            await Poll.UntilAsync(() =>
                {
                    clock.Advance(ConsumeLoop.StallBeforePause);
                    return run.Consumer.IsPaused(P0) && run.Handled == 2 * round;
                }, Deadline,
                () => $"round {round}: handled {run.Handled}, in flight {run.Loop.Ledger.InFlightOutputs}, paused {run.Consumer.IsPaused(P0)}");
            Assert.Equal(4, run.Loop.Ledger.InFlightOutputs);
            run.AcknowledgeAll();
        }

        Assert.Equal(Records, run.Handled);
        await Poll.UntilAsync(() => !run.Consumer.IsPaused(P0), Deadline, () => "intake still paused with nothing in flight");
    }

    [Fact]
    public async Task InFlightBound_AcknowledgedWithinTheStall_IntakeGoesOnWithoutPausing()
    {
        const int Records = 12;
        // The clock never moves, so the stall never runs out: only the acknowledgements can let the loop go on.
        await using var run = new LoopRun(outputsPerRecord: 2, new FakeTimeProvider(), maxInFlightStatuses: 4);
        run.Consumer.Assign(P0);
        run.Consumer.Records(P0, from: 0, count: Records);

        for (var round = 1; round <= Records / 2; round++)
        {
            await Poll.UntilAsync(() => run.Handled == 2 * round && run.Loop.Ledger.InFlightOutputs == 4, Deadline,
                () => $"round {round}: handled {run.Handled}, in flight {run.Loop.Ledger.InFlightOutputs}");
            Assert.False(run.Consumer.IsPaused(P0), $"round {round}: paused although the pipeline drains");
            run.AcknowledgeAll();
        }

        Assert.Equal(Records, run.Handled);
        Assert.False(run.Consumer.IsPaused(P0));
    }

    [Fact]
    public async Task InFlightBound_OfOne_AcknowledgedWithinTheStall_IntakeGoesOnWithoutPausing()
    {
        const int Records = 4;
        // A bound of 1: the loop must wait for nothing in flight (not for fewer than none, which never comes).
        await using var run = new LoopRun(outputsPerRecord: 1, new FakeTimeProvider(), maxInFlightStatuses: 1);
        run.Consumer.Assign(P0);
        run.Consumer.Records(P0, from: 0, count: Records);

        for (var round = 1; round <= Records; round++)
        {
            await Poll.UntilAsync(() => run.Handled == round && run.Loop.Ledger.WaitingForRoom, Deadline,
                () => $"round {round}: handled {run.Handled}, in flight {run.Loop.Ledger.InFlightOutputs}");
            Assert.False(run.Consumer.IsPaused(P0), $"round {round}: paused although the pipeline drains");
            run.AcknowledgeAll();
        }

        await Poll.UntilAsync(() => run.Loop.Ledger.InFlightOutputs == 0, Deadline, () => "the last record was not acknowledged");
        Assert.Equal(Records, run.Handled);
    }

    [Fact]
    public async Task InFlightBound_StoppingDuringTheStall_EndsTheLoop()
    {
        var run = new LoopRun(outputsPerRecord: 2, new FakeTimeProvider(), maxInFlightStatuses: 2);
        run.Consumer.Assign(P0);
        run.Consumer.Records(P0, from: 0, count: 3);
        await Poll.UntilAsync(() => run.Handled == 1 && run.Loop.Ledger.WaitingForRoom, Deadline, () => $"handled {run.Handled}, waiting {run.Loop.Ledger.WaitingForRoom}");

        // Nothing is acknowledged and the clock stands still: only the stop can end the wait.
        await run.DisposeAsync();
        Assert.Equal(1, run.Handled);
    }

    /// <summary>One ConsumeLoop over a scripted consumer, a mock producer and a handler that tracks outputs.</summary>
    private sealed class LoopRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<(TopicPartitionOffset Offset, OutputAcknowledgement Ack)> _unacknowledged = new();
        private readonly Task _running;
        private int _handled;

        public LoopRun(int outputsPerRecord, TimeProvider? time = null, int maxInFlightStatuses = 20_000, double shutdownTimeoutSeconds = 5)
        {
            var producer = new Mock<IProducer<byte[], byte[]>>();
            // A flush is when delivery reports arrive: acknowledge what the test lets through.
            producer.Setup(p => p.Flush(It.IsAny<TimeSpan>())).Returns(() =>
            {
                var kept = new List<(TopicPartitionOffset, OutputAcknowledgement)>();
                while (_unacknowledged.TryDequeue(out var output))
                {
                    if (AcknowledgeOnFlush(output.Offset))
                    {
                        output.Ack.Acknowledge();
                    }
                    else
                    {
                        kept.Add(output);
                    }
                }

                kept.ForEach(_unacknowledged.Enqueue);
                // The producer's own queue is empty: what the test holds back stays unacknowledged, not queued.
                return 0;
            });
            var lifetime = new Mock<IHostApplicationLifetime>();
            lifetime.SetupGet(l => l.ApplicationStopping).Returns(CancellationToken.None);
            var kafka = new KafkaOptions { BootstrapServers = "127.0.0.1:9" };
            var pipeline = new PipelineOptions
            {
                MaxInFlightStatuses = maxInFlightStatuses,
                CommitIntervalSeconds = 60,
                ShutdownTimeoutSeconds = shutdownTimeoutSeconds,
            };
            var settings = new ConsumeLoopSettings("input", ["events"], "group", Handle, _ => { });
            Consumer = new ScriptedConsumerBuilder(new ConsumerConfig());
            // A fake clock that never moves: the commit timer never fires, so every commit seen comes from a rebalance or the stop.
            Loop = new ConsumeLoop(settings, kafka, pipeline, producer.Object, new PipelineFailures(NullLogger<PipelineFailures>.Instance),
                time ?? new FakeTimeProvider(), lifetime.Object, NullLogger.Instance, _ => Consumer);
            OutputsPerRecord = outputsPerRecord;
            _running = Loop.RunAsync(_stop.Token);
        }

        public ScriptedConsumerBuilder Consumer { get; }

        public ConsumeLoop Loop { get; }

        public int OutputsPerRecord { get; }

        public int Handled => Volatile.Read(ref _handled);

        /// <summary>Acknowledges each output as the record is handled, as a producer whose delivery report came at once.</summary>
        public bool AcknowledgeOnHandle { get; init; }

        /// <summary>Which outputs a producer flush acknowledges; none by default.</summary>
        public Func<TopicPartitionOffset, bool> AcknowledgeOnFlush { get; set; } = _ => false;

        /// <summary>
        /// Acknowledges what is outstanding now, not what the loop hands over meanwhile: the first acknowledgements can
        /// wake it, and the rounds of a test count on it taking its next records only after this returns.
        /// </summary>
        public void AcknowledgeAll()
        {
            for (var outstanding = _unacknowledged.Count; outstanding > 0 && _unacknowledged.TryDequeue(out var output); outstanding--)
            {
                output.Ack.Acknowledge();
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running.WaitAsync(Deadline);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private void Handle(ConsumeResult<byte[], byte[]> record, OffsetLedger ledger)
        {
            var acknowledgement = ledger.Track(record.TopicPartitionOffset, OutputsPerRecord);
            for (var i = 0; i < OutputsPerRecord; i++)
            {
                if (AcknowledgeOnHandle)
                {
                    acknowledgement.Acknowledge();
                }
                else
                {
                    _unacknowledged.Enqueue((record.TopicPartitionOffset, acknowledgement));
                }
            }

            Interlocked.Increment(ref _handled);
        }
    }
}
