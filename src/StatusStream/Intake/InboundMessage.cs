using System.Globalization;
using System.Text;
using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>
/// One text message a service received (GOV.UK Notify's "text messages you receive"), as an SMS provider
/// service publishes it (schemas/inbound-message.schema.json). Forwarded once, as it is, to <see cref="Callback"/>.
/// </summary>
/// <param name="Id">The provider's id for the message: the callback's <c>id</c> and the message-id to deduplicate on.</param>
/// <param name="SourceNumber">The number it was sent from. Personal data: never logged, never in metrics, traces or dead-letter headers.</param>
/// <param name="DestinationNumber">The service's own number it was sent to. Personal data, as above.</param>
/// <param name="Message">The text. Personal data, as above.</param>
/// <param name="DateReceived">When the provider received it.</param>
/// <param name="Callback">The owning service's callback, as in a NotificationEvent.</param>
/// <param name="Source">The owning service, when the producer says so.</param>
internal sealed record InboundMessage(
    Guid Id,
    string SourceNumber,
    string DestinationNumber,
    string Message,
    DateTimeOffset DateReceived,
    StatusCallback Callback,
    EventSource? Source)
{
    // The generated ToString would print the numbers and the text into any log line or assertion message that shows the record.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Id = {Id:D}, SourceNumber = (redacted), DestinationNumber = (redacted), Message = (redacted), DateReceived = {DateReceived:O}, Callback = {Callback.Type}, Source = {Source}");
        return true;
    }
}
