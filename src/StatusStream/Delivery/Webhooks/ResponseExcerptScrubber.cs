using System.Net.Http;
using System.Text.Json;
using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Takes the secrets a request carried out of what its receiver answered, before the answer's excerpt reaches the
/// failure history, dead letters, headers or logs: a receiver that echoes the request (a debugging endpoint, a proxy's
/// error page) would otherwise hand back the endpoint's access key, bearer token, the signature of the request and,
/// with them, what they protect. Scrubbed: the endpoint's access key, bearer token and signing secrets, the
/// subscription's signing secrets, and the request's signature values, each as sent and in the forms an echo puts
/// them in (JSON-escaped, <c>\/</c>-escaped, percent-encoded). Only failed answers are read, so this costs nothing on
/// the delivered path.
/// </summary>
internal static class ResponseExcerptScrubber
{
    public const string Redacted = SecretText.Redacted;

    // A cut-off secret at the end of the part read: the first characters of a secret are still most of a short one.
    private const int MinPartialChars = 4;

    /// <summary>The text with every scrubbed form of every secret replaced by <see cref="Redacted"/>.</summary>
    public static string Scrub(string text, WebhookCredentials credentials, SubscriptionWebhook? subscription, HttpRequestMessage request)
    {
        if (text.Length == 0)
        {
            return text;
        }

        text = Scrub(text, credentials.ScrubbedForms);
        if (subscription is { SigningKeys.Count: > 0 })
        {
            text = Scrub(text, FormsOf(subscription.SigningKeys.Select(key => key.RevealBase64())));
        }

        if (request.Headers.TryGetValues(StandardWebhookHeaders.SignatureName, out var signatures))
        {
            // "v1,<base64> v1,<base64>": the base64 of each is what matters (the "v1," prefix is public).
            text = Scrub(text, FormsOf(signatures.SelectMany(header => header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(signature => signature[(signature.IndexOf(',', StringComparison.Ordinal) + 1)..])));
        }

        return text;
    }

    /// <summary>Each secret as sent and as an echo may have encoded it, longest first (so a longer form is replaced whole).</summary>
    public static string[] FormsOf(IEnumerable<string> secrets) =>
        secrets.Where(secret => secret.Length > 0)
            .SelectMany(secret => new[]
            {
                secret,
                JsonEncodedText.Encode(secret).ToString(),
                secret.Replace("/", "\\/", StringComparison.Ordinal),
                Uri.EscapeDataString(secret),
            })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(form => form.Length)
            .ToArray();

    private static string Scrub(string text, IReadOnlyList<string> forms)
    {
        foreach (var form in forms)
        {
            text = text.Replace(form, Redacted, StringComparison.Ordinal);
        }

        // The excerpt is the head of the body: a secret may be cut off at its end.
        foreach (var form in forms)
        {
            for (var length = Math.Min(form.Length - 1, text.Length); length >= MinPartialChars; length--)
            {
                if (text.AsSpan().EndsWith(form.AsSpan(0, length), StringComparison.Ordinal))
                {
                    return text[..^length] + Redacted;
                }
            }
        }

        return text;
    }
}
