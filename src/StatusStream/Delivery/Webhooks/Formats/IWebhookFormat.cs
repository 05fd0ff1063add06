using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// Turns one status into the request body of one webhook profile. Implementations are pure and
/// thread-safe: the same status and context give the same bytes on every attempt, which is what
/// lets a retry (and its signature) stand for the same message.
/// </summary>
internal interface IWebhookFormat
{
    WebhookProfile Profile { get; }

    /// <summary>The body and its content type. Throws <see cref="ArgumentException"/> when a string of the status is not valid UTF-16.</summary>
    WebhookBody Render(NotificationStatus status, WebhookRenderContext context);
}
