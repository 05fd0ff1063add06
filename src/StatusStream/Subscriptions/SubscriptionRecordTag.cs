using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.Subscriptions;

/// <summary>
/// Authenticates a whole record of the subscriptions topic, tombstones included: an HMAC (<see cref="SecretSealer.Tag"/>)
/// over the record's key, its namespace and ended headers and its value, each length-prefixed (absent is not empty), so no
/// part can be changed, dropped or moved to another record without the key. Without it anyone who may write the topic
/// could point a namespace's statuses anywhere, or end another namespace's subscriptions.
/// </summary>
internal static class SubscriptionRecordTag
{
    private const string Version = "v1";
    private const int Absent = -1;
    private static readonly byte[] Domain = "statusstream.subscription.tag/v1\0"u8.ToArray();

    /// <summary>Adds the namespace and tag headers to a record about to be written (value null: a tombstone).</summary>
    public static void Add(Headers headers, SecretSealer sealer, byte[] key, string ns, byte[]? value)
    {
        var nsBytes = Encoding.UTF8.GetBytes(ns);
        if (HeaderText.GetOrNull(headers, SubscriptionHeaders.Namespace) is null)
        {
            headers.Add(SubscriptionHeaders.Namespace, nsBytes);
        }

        var (keyId, tag) = sealer.Tag(Canonical(key, nsBytes, LastBytes(headers, SubscriptionHeaders.Ended), value));
        headers.Add(SubscriptionHeaders.Tag, Encoding.ASCII.GetBytes($"{Version}:{keyId}:{Convert.ToBase64String(tag)}"));
    }

    /// <summary>Whether the record carries a tag header at all (records of versions before 2026-12-08 do not).</summary>
    public static bool IsPresent(Headers? headers) => headers is not null && headers.TryGetLastBytes(SubscriptionHeaders.Tag, out _);

    /// <summary>Whether the record's tag verifies under a configured key; false for no tag, a malformed one, an unknown key or any change.</summary>
    public static bool Verify(Headers? headers, SecretSealer sealer, byte[]? key, byte[]? value)
    {
        if (headers is null || key is null || !headers.TryGetLastBytes(SubscriptionHeaders.Tag, out var tagHeader)
            || LastBytes(headers, SubscriptionHeaders.Namespace) is not { } nsBytes
            || Parse(tagHeader) is not { } parsed)
        {
            return false;
        }

        return sealer.Verify(parsed.KeyId, parsed.Tag, Canonical(key, nsBytes, LastBytes(headers, SubscriptionHeaders.Ended), value));
    }

    private static (string KeyId, byte[] Tag)? Parse(byte[] header)
    {
        // Short and ASCII when genuine; anything longer is hostile and not worth decoding.
        if (header.Length > 128)
        {
            return null;
        }

        var parts = Encoding.ASCII.GetString(header).Split(':');
        var tag = new byte[32];
        return parts.Length == 3 && parts[0] == Version && Convert.TryFromBase64String(parts[2], tag, out var length) && length == tag.Length
            ? (parts[1], tag)
            : null;
    }

    private static byte[]? LastBytes(Headers headers, string name) => headers.TryGetLastBytes(name, out var bytes) ? bytes : null;

    private static byte[] Canonical(byte[] key, byte[] ns, byte[]? ended, byte[]? value)
    {
        var buffer = new ArrayBufferWriter<byte>(Domain.Length + 16 + key.Length + ns.Length + (ended?.Length ?? 0) + (value?.Length ?? 0));
        buffer.Write(Domain);
        Field(buffer, key);
        Field(buffer, ns);
        Field(buffer, ended);
        Field(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Field(ArrayBufferWriter<byte> buffer, byte[]? field)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), field?.Length ?? Absent);
        buffer.Advance(4);
        if (field is not null)
        {
            buffer.Write(field);
        }
    }
}
