using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StatusStream.Kafka;

/// <summary>
/// Writes to StatusStream's own topics (retry, dead-letter), where "nothing lost" ends: a record
/// there is what lets an input offset be committed. So a refusal is never a reason to give up:
/// a transient one (a broker outage longer than the client's delivery timeout, a leader moving)
/// is tried again with backoff, forever, while the record stays unacknowledged (its input offset
/// uncommitted, its output counted in flight, so the in-flight bound holds intake until the topic
/// takes records again); a record that is too large is handed to the caller's fallback (cut to fit),
/// and so is each smaller form that is refused again, until the fallback takes it elsewhere; only a
/// fatally failed client, or a too-large record without a fallback, stops the host. One line per topic
/// per 30 s says what is held.
/// </summary>
internal sealed partial class InternalTopicWriter(NonBlockingProducer producer, PipelineFailures failures, TimeProvider time, ILogger<InternalTopicWriter> logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly ClientLogThrottle _throttle = new(time, ClientLogThrottle.DefaultWindow);
    private long _held;

    /// <summary>Records waiting to be written again after a refusal (readiness and metrics read it).</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <param name="tooLarge">
    /// What to write instead when the topic refuses the record's size, or null from it when the caller has taken the
    /// record elsewhere (or skipped it). Asked again with its own result if that is refused too, so it must end in null:
    /// each answer smaller than the last (see DeadLetters.DeadLetterCut.Smaller). Without it a too-large record stops
    /// the host (it cannot be kept).
    /// </param>
    public void Write(string topic, Message<byte[], byte[]> message, string what, Action written, Func<Message<byte[], byte[]>, Message<byte[], byte[]>?>? tooLarge = null) =>
        Attempt(topic, message, what, written, tooLarge, FirstBackoff, held: false);

    public static bool IsTooLarge(Error error) =>
        error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge;

    private void Attempt(string topic, Message<byte[], byte[]> message, string what, Action written,
        Func<Message<byte[], byte[]>, Message<byte[], byte[]>?>? tooLarge, TimeSpan backoff, bool held) =>
        producer.Produce(topic, message, error =>
        {
            if (!error.IsError)
            {
                if (held)
                {
                    Interlocked.Decrement(ref _held);
                }

                written();
                return;
            }

            if (error.IsFatal || error.Code is ErrorCode.Local_Fatal or ErrorCode.ProducerFenced or ErrorCode.Local_Fenced)
            {
                failures.ReportFatal($"the topic '{topic}' could not take {what}: {error.Code} {error.Reason}");
                return;
            }

            if (IsTooLarge(error))
            {
                if (held)
                {
                    Interlocked.Decrement(ref _held);
                }

                if (tooLarge is null)
                {
                    // Nothing to cut: retrying cannot help and skipping would lose it.
                    failures.ReportFatal($"the topic '{topic}' refuses the size of {what}, and nothing can make it smaller: {error.Code} {error.Reason}");
                }
                else if (tooLarge(message) is { } smaller)
                {
                    Attempt(topic, smaller, what, written, tooLarge, backoff, held: false);
                }

                // A null fallback result means the caller took the record elsewhere (a status too large to park goes to the dead-letter topic).
                return;
            }

            if (!held)
            {
                Interlocked.Increment(ref _held);
            }

            if (_throttle.ShouldLog(topic, out var heldBack))
            {
                RefusedLog(logger, topic, what, $"{error.Code} {error.Reason}", Held, backoff.TotalSeconds, heldBack);
            }

            var next = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                timer?.Dispose();
                if (!failures.IsFatal)
                {
                    Attempt(topic, message, what, written, tooLarge, next, held: true);
                }
            }, null, backoff, Timeout.InfiniteTimeSpan);
        });

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "The topic {Topic} refused {What}: {Error}. Holding {Held} record(s) and trying again in {BackoffSeconds} s; nothing is committed past them, and intake pauses at the in-flight bound ({HeldBack} more like this in the last 30 s)")]
    private static partial void RefusedLog(ILogger logger, string topic, string what, string error, long held, double backoffSeconds, int heldBack);
}
