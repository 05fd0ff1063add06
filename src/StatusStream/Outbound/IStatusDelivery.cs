namespace StatusStream.Outbound;

/// <summary>
/// Sends one status on its way. <see cref="Deliver"/> never blocks its caller (it runs on the consume
/// loop, on timers and on delivery-report threads): it hands the status off and returns; the status
/// is acknowledged, retried or dead-lettered later, exactly once.
/// </summary>
internal interface IStatusDelivery
{
    void Deliver(OutboundStatus outbound);
}
