using StatusStream.Intake;
using StatusStream.Outbound;

namespace StatusStream.Delivery;

/// <summary>One way of delivering a status (Kafka, webhook): the router picks it by the callback's type.</summary>
internal interface ICallbackTransport : IStatusDelivery
{
    CallbackType Type { get; }
}
