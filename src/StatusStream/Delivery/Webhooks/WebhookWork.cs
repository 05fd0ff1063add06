using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>One status waiting in its endpoint's queue, with its target already parsed.</summary>
internal readonly record struct WebhookWork(OutboundStatus Outbound, Uri Target)
{
    // The generated ToString would print the URL with its user info and query string, which may carry a credential.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Outbound = ").Append(Outbound).Append(", Target = ").Append(Intake.WebhookUrl.Display(Target));
        return true;
    }
}
