using System.Globalization;
using System.Text;

namespace StatusStream.Intake;

/// <summary>
/// What the provider reported for one recipient beyond success and error (the optional recipients[] fields, for
/// formats such as GOV.UK Notify's delivery receipt). Absent when the input gave none of them, which keeps the common
/// recipient small.
/// </summary>
/// <param name="Address">The address the provider used: an e-mail address or phone number (input <c>address</c>). Personal data: never logged.</param>
/// <param name="DeliveryState">delivered, permanent-failure, temporary-failure or technical-failure (input <c>status</c>; <see cref="DeliveryStates"/>); "delivered" exactly when the recipient's success is true.</param>
/// <param name="SentAt">When the provider sent it to this recipient (input <c>sent_at</c>).</param>
internal sealed record RecipientReceipt(string? Address, string? DeliveryState, DateTimeOffset? SentAt)
{
    // The generated ToString would print the address into any log line or assertion message that shows the record.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(Address is null ? "Address = , " : "Address = (redacted), ")
            .Append(CultureInfo.InvariantCulture, $"DeliveryState = {DeliveryState}, SentAt = {SentAt:O}");
        return true;
    }
}
