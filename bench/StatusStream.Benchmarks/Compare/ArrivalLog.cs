using System.Diagnostics;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// When each event was sent and when each of its statuses arrived. Events are numbered; the number is written into
/// the first 8 hex digits of the event_id, so an arriving status (its key, or its body) says which event it is of.
/// </summary>
internal sealed class ArrivalLog
{
    private readonly long[] _sentAt;
    private readonly long[] _latencies;
    private long _arrived;
    private long _recorded;
    private long _lastArrival;

    public ArrivalLog(int events, int recipients)
    {
        _sentAt = new long[events];
        Expected = (long)events * recipients;
        _latencies = new long[Expected];
    }

    public long Expected { get; }

    /// <summary>Statuses of events numbered below this arrive (and count for <see cref="Done"/>) without their latency being kept: a lead-in.</summary>
    public int RecordFrom { get; init; }

    public long Arrived => Interlocked.Read(ref _arrived);

    public bool Done => Arrived >= Expected;

    public long LastArrival => Interlocked.Read(ref _lastArrival);

    public void Sent(int sequence) => Volatile.Write(ref _sentAt[sequence], Stopwatch.GetTimestamp());

    /// <summary>Input produced before the round: latency counts from the round's start instead.</summary>
    public void AllSentAt(long timestamp) => Array.Fill(_sentAt, timestamp);

    /// <summary>A status of the event whose id begins with these 8 hex digits (UTF-8) arrived now.</summary>
    public void Arrived8Hex(ReadOnlySpan<byte> eventIdPrefix)
    {
        var sequence = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = eventIdPrefix[i];
            sequence = (sequence << 4) | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _arrived);
        if ((uint)sequence < (uint)_sentAt.Length && sequence >= RecordFrom && Interlocked.Increment(ref _recorded) - 1 is var index && index < _latencies.Length)
        {
            _latencies[index] = now - Volatile.Read(ref _sentAt[sequence]);
        }

        Interlocked.Exchange(ref _lastArrival, now);
    }

    public LatencySummary Latency() => LatencySummary.Of(_latencies, (int)Math.Min(Interlocked.Read(ref _recorded), _latencies.Length));

    /// <summary>The 36-character event_id of event <paramref name="sequence"/>: the number in hex, then a fixed tail.</summary>
    public static string EventId(int sequence) => $"{sequence:x8}-0000-4000-8000-{Random.Shared.NextInt64(1L << 47):x12}";
}
