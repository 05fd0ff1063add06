using StatusStream.Outbound;

namespace StatusStream.Retry;

/// <summary>
/// The handle a status carries in per-key ordered mode: it tells <see cref="OrderedDelivery"/> when
/// the status settled (so the next of its key may go) or must be tried again in place.
/// </summary>
internal sealed class KeyOrder(string key, OrderedDelivery owner) : IStatusOrder
{
    public string Key => key;

    public void Settled(OutboundStatus outbound) => owner.Settled(this, outbound);

    public void RetryAt(OutboundStatus next, DateTimeOffset dueAt) => owner.RetryAt(this, next, dueAt);
}
