namespace StatusStream.Outbound;

/// <summary>
/// The handle a status carries in ordered mode (Retry's per-key queue implements it): it is told when
/// the status settled, so the next of its key may go, or when it must be tried again in place.
/// </summary>
internal interface IStatusOrder
{
    void Settled(OutboundStatus outbound);

    void RetryAt(OutboundStatus next, DateTimeOffset dueAt);
}
