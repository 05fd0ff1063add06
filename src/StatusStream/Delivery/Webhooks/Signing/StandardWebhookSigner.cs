using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StatusStream.Expansion;

namespace StatusStream.Delivery.Webhooks.Signing;

/// <summary>
/// Signs a webhook request the Standard Webhooks way: HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// with each active key, sent as <c>webhook-signature: v1,&lt;base64&gt; v1,&lt;base64&gt;</c>.
/// <para>
/// Key order is the caller's (the configured order) and is kept in the header: list the NEWEST secret first.
/// StandardWebhooks 1.1.2 for .NET checks only the first signature of the header, so the first one must be the
/// secret receivers end up with: a receiver that has moved to the new secret keeps verifying through the whole
/// rotation and after the old secret is dropped; the npm and the other libraries accept any match, so for them
/// the order does not matter (docs/webhooks.md, "Webhook formats").
/// </para>
/// <para>
/// Hand-written rather than calling StandardWebhooks' <c>Sign</c>: that takes the body as UTF-16 text, so every
/// attempt would decode the UTF-8 body to a string and the library would encode it back, and it would bring the
/// ASP.NET Core shared framework into the app for one HMAC. The tests prove the output equal to the library's
/// and to the specification's test vector.
/// </para>
/// </summary>
internal sealed class StandardWebhookSigner(TimeProvider timeProvider)
{
    public const string SignatureVersion = "v1";

    private const int HmacBytes = 32; // SHA-256
    private const int Base64HmacChars = 44; // 4 * ceil(32 / 3)
    private const int SignatureChars = 3 + Base64HmacChars; // "v1," + base64
    private const int MaxTimestampBytes = 20; // long.MinValue

    /// <summary>
    /// <c>webhook-id</c> of a status: its status id <c>&lt;event_id&gt;:&lt;recipient&gt;</c>, the same on every retry and
    /// every restart, and the same value as the Kafka callback's <c>status-id</c> header, so one dedupe key serves both.
    /// Built from two canonical uuids, it never contains the <c>.</c> the specification forbids in ids.
    /// </summary>
    public static string WebhookIdOf(NotificationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.StatusId;
    }

    /// <summary>The headers for one attempt at delivering <paramref name="status"/>: a fresh timestamp, the stable id.</summary>
    public StandardWebhookHeaders Sign(NotificationStatus status, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSigningKey> keys) =>
        Sign(WebhookIdOf(status), body, keys);

    /// <summary>
    /// The headers for one attempt. The timestamp is taken now on every call: receivers refuse timestamps more than
    /// five minutes off, so a retry must never reuse an old one (the id is what stays).
    /// </summary>
    public StandardWebhookHeaders Sign(string webhookId, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSigningKey> keys)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return new StandardWebhookHeaders(
            webhookId,
            timestamp.ToString(CultureInfo.InvariantCulture),
            SignatureHeader(webhookId, timestamp, body, keys));
    }

    /// <summary>The <c>webhook-signature</c> value: one <c>v1,&lt;base64&gt;</c> per key, in key order, space-separated.</summary>
    public static string SignatureHeader(string webhookId, long unixSeconds, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSigningKey> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("at least one signing key is needed", nameof(keys));
        }

        if (webhookId.AsSpan().IndexOfAny('.', ' ') >= 0)
        {
            // A '.' would make "{id}.{timestamp}.{body}" ambiguous (the specification forbids it); a space breaks the header.
            throw new ArgumentException("a webhook id must not contain '.' or spaces", nameof(webhookId));
        }

        var idBytes = Encoding.UTF8.GetByteCount(webhookId);
        var capacity = idBytes + 1 + MaxTimestampBytes + 1 + body.Length;
        var message = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var written = Encoding.UTF8.GetBytes(webhookId, message);
            message[written++] = (byte)'.';
            unixSeconds.TryFormat(message.AsSpan(written), out var timestampBytes, default, CultureInfo.InvariantCulture);
            written += timestampBytes;
            message[written++] = (byte)'.';
            body.CopyTo(message.AsSpan(written));
            written += body.Length;

            var length = (keys.Count * SignatureChars) + (keys.Count - 1);
            return string.Create(length, (Message: message, Length: written, Keys: keys), static (header, state) =>
            {
                Span<byte> hmac = stackalloc byte[HmacBytes];
                for (var i = 0; i < state.Keys.Count; i++)
                {
                    if (i > 0)
                    {
                        header[0] = ' ';
                        header = header[1..];
                    }

                    HMACSHA256.HashData(state.Keys[i].KeyBytes, state.Message.AsSpan(0, state.Length), hmac);
                    SignatureVersion.CopyTo(header);
                    header[2] = ',';
                    Convert.TryToBase64Chars(hmac, header[3..], out _);
                    header = header[SignatureChars..];
                }
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }
}
