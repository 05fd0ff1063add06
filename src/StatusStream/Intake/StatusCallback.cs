namespace StatusStream.Intake;

/// <summary>Where the sender wants its statuses: a Kafka callback topic or a webhook URL (City OS status callbacks).</summary>
/// <param name="Subscription">Set when the target belongs to a standing subscription (adidas API guidelines) rather than to the
/// event itself: its id travels with every status (header <c>subscription-id</c>) through retries and dead letters.</param>
internal sealed record StatusCallback(CallbackType Type, string Target, Guid? Subscription = null)
{
    /// <summary>The target as it may be shown in logs and headers: a topic as it is, a webhook URL as <see cref="WebhookUrl.Display"/> shows it.</summary>
    public string DisplayTarget => Type == CallbackType.Kafka ? Target : WebhookUrl.Display(Target);

    // The generated ToString prints Target as it is, so every record holding a callback would print a webhook's
    // credentials wherever it is logged or formatted: only what may be shown.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Type = ").Append(Type).Append(", Target = ").Append(DisplayTarget);
        if (Subscription is { } subscription)
        {
            builder.Append(", Subscription = ").Append(subscription);
        }

        return true;
    }
}
