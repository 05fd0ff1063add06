using System.Security.Cryptography;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// RFC 9562 version 5 (SHA-1, name-based) uuids: the same namespace and name always give the same uuid,
/// so an id derived from a status is the same on every retry and after a restart, with nothing stored.
/// SHA-1 is what version 5 is defined with; it serves as a spreading function here, not for security.
/// </summary>
internal static class NameBasedUuid
{
    private const int UuidBytes = 16;
    private const int Sha1Bytes = 20;

    // Enough for the names this project derives from (two uuids and a separator); longer names are hashed from the heap.
    private const int StackNameBytes = 128;

    public static Guid Create(Guid namespaceId, ReadOnlySpan<byte> name)
    {
        var length = UuidBytes + name.Length;
        Span<byte> input = length <= StackNameBytes ? stackalloc byte[StackNameBytes] : new byte[length];
        input = input[..length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[UuidBytes..]);

        Span<byte> hash = stackalloc byte[Sha1Bytes];
#pragma warning disable CA5350 // RFC 9562 defines version 5 with SHA-1; it is not used for security here.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        var uuid = hash[..UuidBytes];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // version 5
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(uuid, bigEndian: true);
    }
}
