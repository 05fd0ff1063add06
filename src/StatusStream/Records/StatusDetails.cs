using System.Globalization;
using System.Text;

namespace StatusStream.Records;

/// <summary>
/// What a status knows beyond City OS's five NotificationStatus fields, for the webhook formats that ask for more
/// (GOV.UK Notify's receipt, OSP's body). Never written into the NotificationStatus JSON itself,
/// which stays exactly City OS's NotificationStatus schema. Every field is optional in the input event.
/// </summary>
/// <param name="Reference">The sender's own reference for the notification (input <c>reference</c>).</param>
/// <param name="NotificationType">email, sms or letter (input <c>notification_type</c>; <see cref="NotificationTypes"/>).</param>
/// <param name="CreatedAt">When the sender asked for the notification (input <c>created_at</c>).</param>
/// <param name="OccurredAt">When the outcome was known (input <c>occurred_at</c>).</param>
/// <param name="Address">The recipient's address as the provider used it: an e-mail address or phone number (input <c>recipients[].address</c>). Personal data: never logged.</param>
/// <param name="DeliveryState">delivered, permanent-failure, temporary-failure or technical-failure (input <c>recipients[].status</c>; <see cref="DeliveryStates"/>). Agrees with the status's success when present; null when the input did not say.</param>
/// <param name="SentAt">When the provider sent it to this recipient (input <c>recipients[].sent_at</c>).</param>
/// <param name="Source">The service that sent the notification (input <c>source</c>).</param>
internal sealed record StatusDetails(
    string? Reference = null,
    string? NotificationType = null,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? OccurredAt = null,
    string? Address = null,
    string? DeliveryState = null,
    DateTimeOffset? SentAt = null,
    EventSource? Source = null)
{
    public static StatusDetails None { get; } = new();

    // The generated ToString would print the address into any log line or assertion message that shows the record.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Reference = {Reference}, NotificationType = {NotificationType}, CreatedAt = {CreatedAt:O}, OccurredAt = {OccurredAt:O}, ")
            .Append(Address is null ? "Address = , " : "Address = (redacted), ")
            .Append(CultureInfo.InvariantCulture, $"DeliveryState = {DeliveryState}, SentAt = {SentAt:O}, Source = {Source}");
        return true;
    }
}
