namespace StatusStream.Outbound;

/// <summary>
/// Told when a target accepted a status (the broker acknowledged it, the receiver answered 2xx), just
/// before the status is acknowledged; the counterpart of <see cref="IDeliveryFailures"/>. Never blocks:
/// it may be called on a client's delivery-report thread. Subscriptions use it to end an only-once
/// subscription after its first successful callback.
/// </summary>
internal interface IDeliverySuccesses
{
    void Delivered(OutboundStatus outbound);
}
