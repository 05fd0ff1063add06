using System.Text;
using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>
/// Writes the trace context an item carries onto its record: traceparent, tracestate and baggage, each only when set.
/// What an item carries was checked against its grammar at intake (Intake.InputTraceContext), or is a span's own id.
/// </summary>
internal static class TraceHeaders
{
    public static void Write(Headers headers, OutboundStatus outbound)
    {
        if (outbound.TraceParent is not null)
        {
            headers.Add(StatusHeaders.TraceParent, Encoding.ASCII.GetBytes(outbound.TraceParent));
            if (outbound.TraceState is not null)
            {
                headers.Add(StatusHeaders.TraceState, Encoding.ASCII.GetBytes(outbound.TraceState));
            }
        }

        if (outbound.Baggage is not null)
        {
            headers.Add(StatusHeaders.Baggage, Encoding.ASCII.GetBytes(outbound.Baggage));
        }
    }
}
