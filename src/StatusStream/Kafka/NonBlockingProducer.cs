using System.Collections.Concurrent;
using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>
/// Produces without ever blocking the caller. Callers include librdkafka's delivery-report thread
/// (a failed delivery parks a retry, a settled status releases the next of its key), and that thread
/// is the one that frees the client's queue: waiting on it for room would wait forever. So when the
/// queue is full, the record goes to an overflow list in order, and one drain thread moves it into
/// the client as room appears. Later records follow the overflow while it is not empty, so the
/// order of one caller's records is kept. The in-flight bound of the pipeline keeps the overflow
/// small; it is a safety valve, not a buffer.
/// </summary>
internal sealed class NonBlockingProducer : IDisposable
{
    private static readonly TimeSpan RoomWait = TimeSpan.FromMilliseconds(5);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ConcurrentQueue<Pending> _overflow = new();
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _drainer;

    public NonBlockingProducer(IProducer<byte[], byte[]> producer) => _producer = producer;

    /// <summary>Records waiting for room in the client's queue.</summary>
    public int Overflowing => _overflow.Count;

    /// <summary>
    /// Hands <paramref name="message"/> to the client (the caller may reuse it once this returns); <paramref name="done"/> gets the outcome
    /// (<see cref="ErrorCode.NoError"/> when the broker acknowledged it) exactly once, on the client's
    /// delivery-report thread or, if it could not even be enqueued, on the caller's or drain thread.
    /// </summary>
    public void Produce(string topic, Message<byte[], byte[]> message, Action<Error> done) =>
        Produce(topic, message, new ActionProduceOutcome(done));

    /// <summary>
    /// As <see cref="Produce(string, Message{byte[], byte[]}, Action{Error})"/>, for the callback path: the outcome
    /// object is the only state of the record, and nothing else is allocated unless the client's queue is full.
    /// </summary>
    public void Produce(string topic, Message<byte[], byte[]> message, ProduceOutcome outcome)
    {
        lock (_lock)
        {
            if (_overflow.IsEmpty && TryProduce(topic, message, outcome))
            {
                return;
            }

            _overflow.Enqueue(new Pending(topic, CopyOf(message), outcome));
            EnsureDrainer();
        }

        _wake.Set();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _wake.Set();
        _drainer?.Join(TimeSpan.FromSeconds(5));
        foreach (var pending in _overflow)
        {
            pending.Outcome.Completed(new Error(ErrorCode.Local_Destroy, "the producer stopped before this record could be enqueued"));
            Wipe(pending.Message);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    /// <summary>True when the client took it (or refused it for good); false when its queue is full.</summary>
    private bool TryProduce(string topic, Message<byte[], byte[]> message, ProduceOutcome outcome)
    {
        try
        {
            _producer.Produce(topic, message, outcome.OnDeliveryReport);
            return true;
        }
        catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
        {
            return false;
        }
        catch (ProduceException<byte[], byte[]> e)
        {
            outcome.Completed(e.Error);
            return true;
        }
    }

    private void EnsureDrainer()
    {
        if (_drainer is not null)
        {
            return;
        }

        _drainer = new Thread(Drain) { IsBackground = true, Name = "statusstream-produce-overflow" };
        _drainer.Start();
    }

    private void Drain()
    {
        while (!_stop.IsCancellationRequested)
        {
            while (_overflow.TryPeek(out var next))
            {
                if (!TryProduce(next.Topic, next.Message, next.Outcome))
                {
                    // Still full: delivery reports free room; look again shortly.
                    break;
                }

                _overflow.TryDequeue(out _);
                Wipe(next.Message);
            }

            _wake.WaitOne(_overflow.IsEmpty ? Timeout.InfiniteTimeSpan : RoomWait);
        }
    }

    /// <summary>
    /// A record the client could not take yet, as it stands now: the caller may reuse its message, header list and
    /// arrays once <see cref="Produce(string, Message{byte[], byte[]}, ProduceOutcome)"/> returns, as it may after the
    /// client's own <c>Produce</c>, which copies what it takes (the callback path reuses one record per thread). Only on the overflow path.
    /// </summary>
    private static Message<byte[], byte[]> CopyOf(Message<byte[], byte[]> message)
    {
        Headers? headers = null;
        if (message.Headers is { } original)
        {
            headers = [];
            foreach (var header in original)
            {
                headers.Add(header.Key, (byte[])header.GetValueBytes()?.Clone()!);
            }
        }

        return new Message<byte[], byte[]>
        {
            Key = (byte[])message.Key?.Clone()!,
            Value = (byte[])message.Value?.Clone()!,
            Headers = headers,
            Timestamp = message.Timestamp,
        };
    }

    /// <summary>
    /// Clears a copy made by <see cref="CopyOf"/> once the client has taken it (librdkafka copies what it takes) or it is
    /// given up: its value may carry a recipient's error text, which must not outlive its produce (as the callback
    /// path's reused record wipes its own).
    /// </summary>
    private static void Wipe(Message<byte[], byte[]> copy)
    {
        copy.Key?.AsSpan().Clear();
        copy.Value?.AsSpan().Clear();
        foreach (var header in copy.Headers ?? [])
        {
            header.GetValueBytes()?.AsSpan().Clear();
        }
    }

    private sealed record Pending(string Topic, Message<byte[], byte[]> Message, ProduceOutcome Outcome);
}
