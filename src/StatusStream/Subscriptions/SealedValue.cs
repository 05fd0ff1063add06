namespace StatusStream.Subscriptions;

/// <summary>An AES-GCM sealed value as it is stored: the id of the key that sealed it, the nonce, and ciphertext + tag (base64).</summary>
internal sealed record SealedValue(string KeyId, string Nonce, string Data);
