using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace StatusStream.DeadLetters;

/// <summary>
/// A dead letter the dead-letter topic refuses for its size is cut to fit rather than lost or
/// retried forever: the value becomes its first <see cref="ExcerptBytes"/> bytes, and headers say
/// that it was cut, how large it was and its SHA-256, so the original can be found (the input
/// record is named by the statusstream.original.* headers) and checked.
/// </summary>
internal static class DeadLetterCut
{
    public const int ExcerptBytes = 1024;

    public static Message<byte[], byte[]> ToFit(Message<byte[], byte[]> message)
    {
        var value = message.Value ?? [];
        var headers = new Headers();
        foreach (var header in message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(DeadLetterHeaders.Truncated, Encoding.UTF8.GetBytes("true"));
        headers.Add(DeadLetterHeaders.OriginalSize, Encoding.UTF8.GetBytes(value.Length.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.OriginalSha256, Encoding.UTF8.GetBytes(Convert.ToHexStringLower(SHA256.HashData(value))));
        return new Message<byte[], byte[]> { Key = message.Key, Value = value[..Math.Min(value.Length, ExcerptBytes)], Headers = headers, Timestamp = message.Timestamp };
    }
}
