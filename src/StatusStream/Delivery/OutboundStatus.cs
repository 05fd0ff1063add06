using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Delivery;

/// <summary>
/// One status on its way to its callback. <see cref="Acknowledge"/> must be called exactly once,
/// when the status is safely somewhere: delivered, parked on the retry topic, or dead-lettered.
/// </summary>
internal sealed record OutboundStatus(
    NotificationStatus Status,
    byte[] Payload,
    StatusCallback Callback,
    InputOrigin Origin,
    string? TraceParent,
    OutputAcknowledgement Acknowledgement)
{
    public void Acknowledge() => Acknowledgement.Acknowledge();
}
