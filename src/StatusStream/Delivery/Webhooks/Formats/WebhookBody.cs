using System.Net.Http.Headers;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// A rendered request body. <see cref="ContentType"/> is the exact header value the receiver's
/// documentation shows (OSP's documentation spells <c>application/json;charset=UTF-8</c> without a space).
/// No profile needs a fixed header besides the content type; credentials are added by the delivery, not here.
/// </summary>
internal readonly record struct WebhookBody(byte[] Content, string ContentType)
{
    // Plain "application/json" reads back byte for byte from its parsed form, so it is parsed once and shared (never
    // changed): a value added without validation is parsed again, under a lock, each time the request is written.
    private static readonly MediaTypeHeaderValue PlainJson = new("application/json");

    /// <summary>
    /// The HTTP content for this body with the content type byte for byte. Plain <c>application/json</c> is the shared
    /// parsed value; any other type is added as written, since parsing would re-serialize
    /// <c>application/json;charset=UTF-8</c> as <c>application/json; charset=UTF-8</c>.
    /// </summary>
    public ByteArrayContent ToHttpContent()
    {
        var content = new ByteArrayContent(Content);
        if (ContentType == PlainJson.MediaType)
        {
            content.Headers.ContentType = PlainJson;
        }
        else
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        return content;
    }
}
