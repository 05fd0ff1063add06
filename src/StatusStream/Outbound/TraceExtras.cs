namespace StatusStream.Outbound;

/// <summary>An item's trace context when it has more than a traceparent: kept apart because nearly no input has more.</summary>
internal sealed record TraceExtras(string? Parent, string? State, string? Baggage)
{
    /// <summary>What <see cref="OutboundStatus"/> keeps: the traceparent alone (or null) when there is nothing else, so most items cost no object.</summary>
    public static object? Of(string? parent, string? state, string? baggage) =>
        state is null && baggage is null ? parent : new TraceExtras(parent, state, baggage);
}
