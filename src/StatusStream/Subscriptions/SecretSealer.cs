using System.Security.Cryptography;
using System.Text;

namespace StatusStream.Subscriptions;

/// <summary>
/// Encrypts what must not be readable on the subscriptions topic (a webhook subscription's URL and signing
/// secret) with AES-256-GCM. The associated data binds a sealed value to its subscription id and namespace,
/// so it cannot be copied onto another record. Keys are listed newest first: the newest seals, any listed key
/// opens (its id, the first 8 hex digits of the key's SHA-256, travels with the value), so keys can rotate.
/// The same ring authenticates whole records (<see cref="SubscriptionRecordTag"/>) with HMAC-SHA256 under a key
/// derived from each (HKDF, so the AES key itself never serves two algorithms): the newest tags, any listed key verifies.
/// </summary>
internal sealed class SecretSealer
{
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private static readonly byte[] TagKeyInfo = "statusstream.subscription.record-tag"u8.ToArray();

    private readonly (string Id, byte[] Key)[] _keys;
    private readonly (string Id, byte[] Key)[] _tagKeys;

    private SecretSealer((string Id, byte[] Key)[] keys)
    {
        _keys = keys;
        _tagKeys = [.. keys.Select(k => (k.Id, HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Key, KeyBytes, salt: [], TagKeyInfo)))];
    }

    /// <summary>The id of the key that seals and tags now.</summary>
    public string CurrentKeyId => _keys[0].Id;

    /// <summary>Loads the keys of <paramref name="options"/>; the error names the setting, never a value.</summary>
    public static bool TryCreate(SubscriptionOptions options, out SecretSealer? sealer, out string? error)
    {
        sealer = null;
        const string Inline = $"{SubscriptionOptions.SectionName}:EncryptionKey";
        const string File = $"{SubscriptionOptions.SectionName}:EncryptionKeyFile";
        var hasInline = !string.IsNullOrWhiteSpace(options.EncryptionKey);
        var hasFile = !string.IsNullOrWhiteSpace(options.EncryptionKeyFile);
        if (hasInline == hasFile)
        {
            error = hasInline
                ? $"{Inline} and {File} are both set; set one."
                : $"{Inline} or {File} is required when {SubscriptionOptions.SectionName}:Enabled is true (base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`).";
            return false;
        }

        string text;
        var setting = hasInline ? Inline : File;
        if (hasInline)
        {
            text = options.EncryptionKey;
        }
        else
        {
            try
            {
                text = System.IO.File.ReadAllText(options.EncryptionKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"{File}: cannot read '{options.EncryptionKeyFile}' ({e.GetType().Name}).";
                return false;
            }
        }

        var keys = new List<(string, byte[])>();
        foreach (var entry in text.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var buffer = new byte[KeyBytes + 3];
            if (!Convert.TryFromBase64String(entry, buffer, out var length) || length != KeyBytes)
            {
                error = $"{setting}: entry {keys.Count + 1} is not the base64 of exactly 32 bytes.";
                return false;
            }

            var key = buffer[..KeyBytes];
            keys.Add((Convert.ToHexStringLower(SHA256.HashData(key))[..8], key));
        }

        if (keys.Count == 0)
        {
            error = $"{setting} holds no key.";
            return false;
        }

        sealer = new SecretSealer([.. keys]);
        error = null;
        return true;
    }

    public SealedValue Seal(ReadOnlySpan<byte> plaintext, string associated)
    {
        var (id, key) = _keys[0];
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var data = new byte[plaintext.Length + TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, data.AsSpan(0, plaintext.Length), data.AsSpan(plaintext.Length), Encoding.UTF8.GetBytes(associated));
        return new SealedValue(id, Convert.ToBase64String(nonce), Convert.ToBase64String(data));
    }

    /// <summary>The plaintext, or null when no configured key opens it (unknown key id, tampered, or another record's value).</summary>
    public byte[]? Open(SealedValue sealedValue, string associated)
    {
        foreach (var (id, key) in _keys)
        {
            if (!string.Equals(id, sealedValue.KeyId, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var nonce = Convert.FromBase64String(sealedValue.Nonce);
                var data = Convert.FromBase64String(sealedValue.Data);
                if (nonce.Length != NonceBytes || data.Length < TagBytes)
                {
                    return null;
                }

                var plaintext = new byte[data.Length - TagBytes];
                using var aes = new AesGcm(key, TagBytes);
                aes.Decrypt(nonce, data.AsSpan(0, plaintext.Length), data.AsSpan(plaintext.Length), plaintext, Encoding.UTF8.GetBytes(associated));
                return plaintext;
            }
            catch (Exception e) when (e is FormatException or AuthenticationTagMismatchException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under the newest key: its id and the 32-byte tag.</summary>
    public (string KeyId, byte[] Tag) Tag(ReadOnlySpan<byte> data)
    {
        var (id, key) = _tagKeys[0];
        return (id, HMACSHA256.HashData(key, data));
    }

    /// <summary>Whether <paramref name="tag"/> is the HMAC of <paramref name="data"/> under the listed key <paramref name="keyId"/> (compared in constant time).</summary>
    public bool Verify(string keyId, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> data)
    {
        foreach (var (id, key) in _tagKeys)
        {
            if (string.Equals(id, keyId, StringComparison.Ordinal))
            {
                Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
                HMACSHA256.HashData(key, data, expected);
                return CryptographicOperations.FixedTimeEquals(expected, tag);
            }
        }

        return false;
    }
}
