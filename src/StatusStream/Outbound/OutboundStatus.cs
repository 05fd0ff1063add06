using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Outbound;

/// <summary>
/// One status on its way to its callback, or one received text message (<see cref="Kind"/>): both take the same path.
/// <see cref="Acknowledge"/> must be called exactly once, when the item is safely somewhere: delivered, parked on the
/// retry topic, or dead-lettered.
/// </summary>
internal sealed record OutboundStatus
{
    private byte[]? _payload;

    // The whole trace context in the one field the traceparent alone had: null (most statuses), the traceparent's string,
    // or a TraceExtras when the input also had a tracestate or baggage (rare). Every status object would otherwise be
    // larger by what nearly none of them carries; the status objects are the callback path's most frequent allocation.
    private object? _trace;

    /// <param name="status">The status; null exactly when the item is a received text message (<see cref="InboundMessageId"/>).</param>
    /// <param name="payload">
    /// The record value when it is already at hand (a message's GOV.UK Notify JSON, a status read back from the retry
    /// topic); null for a fresh status, whose JSON is made from <paramref name="status"/> when first needed.
    /// </param>
    /// <param name="traceParent">The one W3C trace context carried from input to callback, through every retry.</param>
    public OutboundStatus(NotificationStatus? status, byte[]? payload, StatusCallback callback, InputOrigin origin, string? traceParent,
        OutputAcknowledgement acknowledgement)
    {
        if (status is null && payload is null)
        {
            throw new ArgumentException("a received message needs its payload; only a status's JSON can be made later", nameof(payload));
        }

        Status = status;
        _payload = payload;
        Callback = callback;
        Origin = origin;
        TraceParent = traceParent;
        Acknowledgement = acknowledgement;
    }

    public NotificationStatus? Status { get; }

    public StatusCallback Callback { get; init; }

    public InputOrigin Origin { get; init; }

    /// <summary>
    /// The namespace this item belongs to for certain: its input topic's, under Routing:TargetPolicy=InputTopicNamespace
    /// (see <see cref="InputOrigin.TrustedNamespace"/>); null under the other policies, where every namespace an input
    /// names is its producer's claim. The one accessor for anything keyed by namespace (endpoints, subscriptions).
    /// </summary>
    public string? TrustedNamespace => Origin.TrustedNamespace;

    public string? TraceParent
    {
        get => _trace is TraceExtras extras ? extras.Parent : (string?)_trace;
        init => _trace = TraceExtras.Of(value, TraceState, Baggage);
    }

    /// <summary>The input's tracestate, carried with its traceparent (checked at intake: Intake.InputTraceContext); null for most.</summary>
    public string? TraceState
    {
        get => (_trace as TraceExtras)?.State;
        init => _trace = TraceExtras.Of(TraceParent, value, Baggage);
    }

    /// <summary>The input's baggage (checked at intake: Intake.InputTraceContext); null for most.</summary>
    public string? Baggage
    {
        get => (_trace as TraceExtras)?.Baggage;
        init => _trace = TraceExtras.Of(TraceParent, TraceState, value);
    }

    public OutputAcknowledgement Acknowledgement { get; init; }

    /// <summary>
    /// The record value: the status JSON, or the forwarded message in GOV.UK Notify's format (also its webhook body). A
    /// fresh status's JSON is made on first use and kept, for the retry and dead-letter records that want it again
    /// (two threads asking at once make the same bytes twice, and either copy serves).
    /// </summary>
    /// <remarks>
    /// Not made up front: the common case, a plain callback record, never asks for it. <see cref="ReusableStatusRecord"/>
    /// writes the JSON into a buffer of its own that the client copies, which saves every status its own array.
    /// </remarks>
    public byte[] Payload => _payload ??= NotificationStatusJson.Serialize(Status!);

    /// <summary>The payload if it was given or already made; null for a status whose JSON nobody has asked for yet.</summary>
    public byte[]? PayloadIfMade => Volatile.Read(ref _payload);

    /// <summary>
    /// Set exactly when the item is a received text message: its id as text (the message-id header, the dedupe key).
    /// A reference, not a <c>Guid?</c>: every status carries the field, and a nullable uuid would cost it 24 bytes.
    /// </summary>
    public string? InboundMessageId { get; init; }

    public OutboundKind Kind => InboundMessageId is null ? OutboundKind.Status : OutboundKind.InboundMessage;

    /// <summary>What logs, spans and dead-letter keys name the item by: the status id, or the message id. Never personal data.</summary>
    public string ItemId => Status?.StatusId ?? InboundMessageId!;

    /// <summary>The kind as metrics tag it (<see cref="TelemetryTags.ItemKind"/>).</summary>
    public string KindTag => Status is null ? TelemetryTags.InboundMessageItem : TelemetryTags.StatusItem;

    /// <summary>The optional fields of a status; none for a message.</summary>
    public StatusDetails Details => Status?.Details ?? StatusDetails.None;

    /// <summary>Which attempt this is; what failed before it.</summary>
    public DeliveryAttempt Attempt { get; init; } = DeliveryAttempt.First;

    /// <summary>Set in per-key ordered mode: the queue of this status's key, told when it settles.</summary>
    public IStatusOrder? Order { get; init; }

    /// <summary>A received text message on its way to its callback; <paramref name="payload"/> is its GOV.UK Notify JSON.</summary>
    public static OutboundStatus ForInboundMessage(Guid id, byte[] payload, StatusCallback callback, InputOrigin origin, string? traceParent,
        OutputAcknowledgement acknowledgement, string? traceState = null, string? baggage = null) =>
        new(null, payload, callback, origin, traceParent, acknowledgement) { InboundMessageId = id.ToString("D"), TraceState = traceState, Baggage = baggage };

    public void Acknowledge()
    {
        Acknowledgement.Acknowledge();
        Order?.Settled(this);
    }

    /// <summary>An item in flight is itself, not its content: two equal statuses are two outputs, each acknowledged once.</summary>
    /// <remarks>Also keeps the lazily made payload out of equality and hashing, which would otherwise change when it is made.</remarks>
    public bool Equals(OutboundStatus? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    // The generated ToString would make the payload (a recipient's error text) to print it, and keep it, and would print
    // the callback target, a webhook URL that may carry a secret: only what logs may name.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Kind = ").Append(Kind).Append(", ItemId = ").Append(ItemId).Append(", CallbackType = ").Append(Callback.Type)
            .Append(", Attempt = ").Append(Attempt.Number);
        return true;
    }
}
