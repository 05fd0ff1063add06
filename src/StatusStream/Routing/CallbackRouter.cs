using StatusStream.DeadLetters;
using StatusStream.Delivery;
using StatusStream.Intake;
using StatusStream.Outbound;

namespace StatusStream.Routing;

/// <summary>
/// Sends each status to the transport its target's type names (City OS status callbacks: Kafka or webhook). The
/// one <see cref="IStatusDelivery"/> the rest of the pipeline knows: fresh statuses, retries and
/// per-key ordered statuses all go through it.
/// </summary>
internal sealed class CallbackRouter(IEnumerable<ICallbackTransport> transports, DeadLetterPublisher deadLetters) : IStatusDelivery
{
    public const string TransportUnavailableReason = "transport-unavailable";

    private readonly Dictionary<CallbackType, ICallbackTransport> _transports = transports.ToDictionary(t => t.Type);

    public void Deliver(OutboundStatus outbound)
    {
        if (_transports.TryGetValue(outbound.Callback.Type, out var transport))
        {
            transport.Deliver(outbound);
            return;
        }

        // Only when a transport is switched off: the status is kept, not dropped, for `dlq replay`.
        deadLetters.PublishUndeliverable(outbound, TransportUnavailableReason,
            $"{outbound.Callback.Type} delivery is not enabled in this instance; replay this dead letter once it is");
    }
}
