using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace StatusStream.Delivery.Webhooks.Signing;

/// <summary>
/// A Standard Webhooks symmetric signing secret, decoded: <c>whsec_</c> followed by the base64 of 24 to 64
/// random bytes (the specification's "at least 24 bytes, 512 bits maximum"). It never prints itself: not in
/// <see cref="ToString"/>, not in the debugger, not in a parse error.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class WebhookSigningKey
{
    public const string Prefix = "whsec_";
    public const int MinKeyBytes = 24;
    public const int MaxKeyBytes = 64;

    /// <summary>For validation messages; says what a secret must look like without showing one.</summary>
    public const string ExpectedForm = "whsec_ followed by the base64 of 24 to 64 random bytes";

    private const string Redacted = "whsec_[redacted]";

    private readonly byte[] _key;

    private WebhookSigningKey(byte[] key) => _key = key;

    /// <summary>The HMAC key. Only the signer reads it.</summary>
    internal ReadOnlySpan<byte> KeyBytes => _key;

    /// <summary>The secret as configured after <c>whsec_</c> (canonical base64). Only for scrubbing it out of what receivers send back.</summary>
    internal string RevealBase64() => Convert.ToBase64String(_key);

    public static bool TryParse([NotNullWhen(true)] string? secret, [NotNullWhen(true)] out WebhookSigningKey? key)
    {
        key = null;
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret.AsSpan(Prefix.Length);
        Span<byte> decoded = stackalloc byte[MaxKeyBytes];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var length) || length < MinKeyBytes)
        {
            // TryFromBase64Chars also fails when the key is longer than MaxKeyBytes: the buffer is too small.
            return false;
        }

        key = new WebhookSigningKey(decoded[..length].ToArray());
        return true;
    }

    public override string ToString() => Redacted;
}
