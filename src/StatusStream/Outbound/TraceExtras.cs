namespace StatusStream.Outbound;

/// <summary>The parts of an item's trace context besides its traceparent, kept apart because nearly no input has them.</summary>
internal sealed record TraceExtras(string? State, string? Baggage)
{
    /// <summary>Null when both are: an item without them costs no object.</summary>
    public static TraceExtras? Of(string? state, string? baggage) => state is null && baggage is null ? null : new TraceExtras(state, baggage);
}
