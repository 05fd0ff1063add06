using System.Buffers.Binary;

namespace StatusStream.Serialization;

/// <summary>
/// Confluent's wire format for registry-described values: byte 0 is the magic byte 0, bytes 1-4 the schema id
/// (big-endian), then the serialized value (here UTF-8 JSON). Plain JSON never starts with byte 0 (RFC 8259
/// allows only white space, a value or a byte-order mark there), so the two can be told apart by the first byte.
/// </summary>
internal static class ConfluentWireFormat
{
    public const byte MagicByte = 0;

    public const int HeaderLength = 5;

    /// <summary>True when <paramref name="value"/> starts with a complete header; <paramref name="payload"/> is what follows it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int schemaId, out ReadOnlySpan<byte> payload)
    {
        if (value.Length < HeaderLength || value[0] != MagicByte)
        {
            schemaId = 0;
            payload = value;
            return false;
        }

        schemaId = BinaryPrimitives.ReadInt32BigEndian(value[1..]);
        payload = value[HeaderLength..];
        return true;
    }

    /// <summary>A new array: the header for <paramref name="schemaId"/>, then <paramref name="payload"/>.</summary>
    public static byte[] Frame(int schemaId, ReadOnlySpan<byte> payload)
    {
        var framed = new byte[HeaderLength + payload.Length];
        framed[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), schemaId);
        payload.CopyTo(framed.AsSpan(HeaderLength));
        return framed;
    }
}
