namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// A target URL resolved once: its parsed form and the endpoint that delivers to it. Every recipient of an
/// event shares one target, so the last one resolved is kept and its parse is not repeated per status.
/// </summary>
internal sealed record WebhookTarget(string Text, string Tenant, Uri Uri, WebhookEndpoint Endpoint)
{
    // The generated ToString would print the URL with its user info and query string, which may carry a credential.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Uri = ").Append(Intake.WebhookUrl.Display(Uri)).Append(", Tenant = ").Append(Tenant);
        return true;
    }
}
