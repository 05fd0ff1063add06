using System.Globalization;
using System.Text;

namespace StatusStream.Intake;

/// <summary>How delivery went for one recipient of a notification. <see cref="Error"/> is "" on success.</summary>
/// <param name="Address">The address the provider used: an e-mail address or phone number (input <c>address</c>). Personal data: never logged.</param>
/// <param name="DeliveryState">delivered, permanent-failure, temporary-failure or technical-failure (input <c>status</c>); "delivered" exactly when <paramref name="Success"/> is true.</param>
/// <param name="SentAt">When the provider sent it to this recipient (input <c>sent_at</c>).</param>
internal sealed record RecipientOutcome(
    Guid Recipient,
    bool Success,
    string Error,
    string? Address = null,
    string? DeliveryState = null,
    DateTimeOffset? SentAt = null)
{
    // The generated ToString would print the address into any log line or assertion message that shows the record.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Recipient = {Recipient}, Success = {Success}, Error = {Error}, ")
            .Append(Address is null ? "Address = , " : "Address = (redacted), ")
            .Append(CultureInfo.InvariantCulture, $"DeliveryState = {DeliveryState}, SentAt = {SentAt:O}");
        return true;
    }
}
