using System.Diagnostics;
using System.Net.Http;
using System.Text;
using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>
/// Puts an item's trace context on an HTTP request, each value only if it passes its grammar right here: whatever
/// record the item was read from (input, retry topic, a replay), no request header is set with an unchecked value, so
/// no CR, LF or other byte a header must not hold ever reaches the wire.
/// </summary>
internal static class TraceRequestHeaders
{
    /// <param name="attempt">The delivery attempt's span, when traces are on: the request continues it instead of the item's context.</param>
    public static void Apply(HttpRequestMessage request, OutboundStatus outbound, Activity? attempt = null)
    {
        var (parent, state) = attempt is { IdFormat: ActivityIdFormat.W3C }
            ? (attempt.Id, attempt.TraceStateString)
            : (outbound.TraceParent, outbound.TraceState);
        if (TraceParentHeader.IsValid(parent))
        {
            request.Headers.TryAddWithoutValidation(StatusHeaders.TraceParent, parent);
            if (state is not null && IsAscii(state) && TraceStateHeader.IsValid(Encoding.ASCII.GetBytes(state)))
            {
                request.Headers.TryAddWithoutValidation(StatusHeaders.TraceState, state);
            }
        }

        if (outbound.Baggage is { } baggage && IsAscii(baggage) && BaggageHeader.IsValid(Encoding.ASCII.GetBytes(baggage)))
        {
            request.Headers.TryAddWithoutValidation(StatusHeaders.Baggage, baggage);
        }
    }

    // Encoding.ASCII turns anything else into '?', which the grammars would accept.
    private static bool IsAscii(string value) => System.Text.Ascii.IsValid(value);
}
