using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Outbound;

/// <summary>
/// One status on its way to its callback. <see cref="Acknowledge"/> must be called exactly once,
/// when the status is safely somewhere: delivered, parked on the retry topic, or dead-lettered.
/// </summary>
/// <param name="TraceParent">The one W3C trace context carried from input to callback, through every retry.</param>
internal sealed record OutboundStatus(
    NotificationStatus Status,
    byte[] Payload,
    StatusCallback Callback,
    InputOrigin Origin,
    string? TraceParent,
    OutputAcknowledgement Acknowledgement)
{
    /// <summary>Which attempt this is; what failed before it.</summary>
    public DeliveryAttempt Attempt { get; init; } = DeliveryAttempt.First;

    /// <summary>Set in per-key ordered mode: the queue of this status's key, told when it settles.</summary>
    public IStatusOrder? Order { get; init; }

    public void Acknowledge()
    {
        Acknowledgement.Acknowledge();
        Order?.Settled(this);
    }
}
