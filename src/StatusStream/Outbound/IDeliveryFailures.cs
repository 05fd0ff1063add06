namespace StatusStream.Outbound;

/// <summary>
/// Where every transport reports a failed attempt; the one decision (retry, dead-letter, stop) is
/// made behind it. Never blocks: it may be called on a client's delivery-report thread.
/// </summary>
internal interface IDeliveryFailures
{
    void Failed(OutboundStatus outbound, DeliveryFailure failure);
}
