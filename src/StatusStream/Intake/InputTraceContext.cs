using System.Text;
using Confluent.Kafka;

namespace StatusStream.Intake;

/// <summary>
/// The trace context of one input record, read once at intake and the only part of its headers that is ever carried
/// forward: <c>traceparent</c>, <c>tracestate</c> and <c>baggage</c>, each checked against its grammar
/// (<see cref="TraceParentHeader"/>, <see cref="TraceStateHeader"/>, <see cref="BaggageHeader"/>) and so bounded.
/// A header that fails, or that occurs more than once, is dropped and reported (<see cref="InputHeaderDrops"/>),
/// never copied; a <c>tracestate</c> without a valid <c>traceparent</c> is dropped too, as W3C Trace Context asks.
/// Every other header of an input record, <c>statusstream.*</c> included, is never read.
/// </summary>
/// <remarks>A struct of three references: reading a record without trace headers costs a look at its header count.</remarks>
internal readonly record struct InputTraceContext(string? TraceParent, string? TraceState, string? Baggage)
{
    public static InputTraceContext None => default;

    /// <summary>Bytes the carried headers add to every record written with them (names and values).</summary>
    public int HeaderBytes =>
        Bytes(TraceParentHeader.Name, TraceParent) + Bytes(TraceStateHeader.Name, TraceState) + Bytes(BaggageHeader.Name, Baggage);

    /// <summary>The most <see cref="HeaderBytes"/> can be, whatever the input.</summary>
    public static int MaxHeaderBytes =>
        TraceParentHeader.Name.Length + TraceParentHeader.Length + TraceStateHeader.Name.Length + TraceStateHeader.MaxLength
        + BaggageHeader.Name.Length + BaggageHeader.MaxBytes;

    public static InputTraceContext Read<TKey>(ConsumeResult<TKey, byte[]> record, InputHeaderDrops? drops)
    {
        var headers = record.Message.Headers;
        if (headers is null || headers.Count == 0)
        {
            return None;
        }

        byte[]? traceParent = null, traceState = null, baggage = null;
        int traceParents = 0, traceStates = 0, baggages = 0;

        // By index: enumerating Headers allocates an enumerator per record.
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            switch (header.Key)
            {
                case TraceParentHeader.Name:
                    traceParent = header.GetValueBytes();
                    traceParents++;
                    break;
                case TraceStateHeader.Name:
                    traceState = header.GetValueBytes();
                    traceStates++;
                    break;
                case BaggageHeader.Name:
                    baggage = header.GetValueBytes();
                    baggages++;
                    break;
            }
        }

        var parent = Accept(TraceParentHeader.Name, traceParent, traceParents, TraceParentHeader.IsValid, record, drops);
        var state = parent is null
            ? Orphan(traceState, record, drops)
            : Accept(TraceStateHeader.Name, traceState, traceStates, TraceStateHeader.IsValid, record, drops);
        var carried = Accept(BaggageHeader.Name, baggage, baggages, BaggageHeader.IsValid, record, drops);
        return new InputTraceContext(parent, state, carried);
    }

    private static string? Accept<TKey>(string name, byte[]? value, int count, Grammar grammar, ConsumeResult<TKey, byte[]> record, InputHeaderDrops? drops)
    {
        if (count == 0)
        {
            return null;
        }

        if (count > 1)
        {
            drops?.Dropped(name, InputHeaderDrops.Repeated, record);
            return null;
        }

        if (value is null || !grammar(value))
        {
            drops?.Dropped(name, InputHeaderDrops.Invalid, record);
            return null;
        }

        // Every byte is printable ASCII (each grammar says so), so this is the same text in any encoding.
        return Encoding.ASCII.GetString(value);
    }

    private static string? Orphan<TKey>(byte[]? traceState, ConsumeResult<TKey, byte[]> record, InputHeaderDrops? drops)
    {
        if (traceState is not null)
        {
            drops?.Dropped(TraceStateHeader.Name, InputHeaderDrops.WithoutTraceParent, record);
        }

        return null;
    }

    private static int Bytes(string name, string? value) => value is null ? 0 : name.Length + value.Length;

    private delegate bool Grammar(ReadOnlySpan<byte> value);
}
