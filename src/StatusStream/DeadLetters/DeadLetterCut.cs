using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.DeadLetters;

/// <summary>
/// A dead letter the dead-letter topic refuses for its size is made smaller rather than lost, retried forever or left
/// to stop the host, in two steps. <see cref="ToFit"/> cuts what can be large: the value and the key to their first
/// <see cref="ExcerptBytes"/> bytes (each with its original size and SHA-256, so the original can be found through the
/// statusstream.original.* headers and checked), and drops every header value longer than that (named, with their
/// total size). If even that is refused, <see cref="Minimal"/> keeps only why and where from: reason, stage, the
/// input's position, when, and the cut's own headers. What the topic refuses after that is the caller's to skip.
/// </summary>
internal static class DeadLetterCut
{
    public const int ExcerptBytes = 1024;

    /// <summary>The value of <see cref="DeadLetterHeaders.Truncated"/> on a cut dead letter.</summary>
    public const string Cut = "true";

    /// <summary>The value of <see cref="DeadLetterHeaders.Truncated"/> on a minimal dead letter.</summary>
    public const string MinimalMark = "minimal";

    // What a minimal dead letter keeps: small, written by StatusStream, and enough to find the input record again.
    private static readonly HashSet<string> MinimalHeaders = new(StringComparer.Ordinal)
    {
        DeadLetterHeaders.Reason, DeadLetterHeaders.Stage, DeadLetterHeaders.OriginalTopic, DeadLetterHeaders.OriginalPartition,
        DeadLetterHeaders.OriginalOffset, DeadLetterHeaders.OriginalTimestamp, DeadLetterHeaders.DeadLetteredAt,
        DeadLetterHeaders.OriginalSize, DeadLetterHeaders.OriginalSha256, DeadLetterHeaders.OriginalKeySize, DeadLetterHeaders.OriginalKeySha256,
        DeadLetterHeaders.TruncatedHeaders, DeadLetterHeaders.OriginalHeadersSize,
    };

    /// <summary>Which step <paramref name="message"/> already went through: null (none), <see cref="Cut"/> or <see cref="MinimalMark"/>.</summary>
    public static string? StepOf(Message<byte[], byte[]> message) =>
        message.Headers is { } headers && headers.TryGetLastBytes(DeadLetterHeaders.Truncated, out var value) ? Encoding.UTF8.GetString(value) : null;

    /// <summary>The next smaller form of a refused dead letter, or null when it is already minimal.</summary>
    public static Message<byte[], byte[]>? Smaller(Message<byte[], byte[]> refused) => StepOf(refused) switch
    {
        null => ToFit(refused),
        Cut => Minimal(refused),
        _ => null,
    };

    public static Message<byte[], byte[]> ToFit(Message<byte[], byte[]> message)
    {
        var value = message.Value ?? [];
        var key = message.Key;
        var headers = new Headers();
        var dropped = new List<string>();
        long droppedBytes = 0;
        foreach (var header in message.Headers ?? [])
        {
            var bytes = header.GetValueBytes() ?? [];
            if (bytes.Length > ExcerptBytes)
            {
                dropped.Add(header.Key);
                droppedBytes += header.Key.Length + bytes.Length;
                continue;
            }

            headers.Add(header.Key, bytes);
        }

        headers.Add(DeadLetterHeaders.Truncated, Utf8(Cut));
        headers.Add(DeadLetterHeaders.OriginalSize, Utf8(value.Length.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.OriginalSha256, Utf8(Convert.ToHexStringLower(SHA256.HashData(value))));
        if (key is { Length: > ExcerptBytes })
        {
            headers.Add(DeadLetterHeaders.OriginalKeySize, Utf8(key.Length.ToString(CultureInfo.InvariantCulture)));
            headers.Add(DeadLetterHeaders.OriginalKeySha256, Utf8(Convert.ToHexStringLower(SHA256.HashData(key))));
            key = key[..ExcerptBytes];
        }

        if (dropped.Count > 0)
        {
            // Names only: every header on a dead letter is StatusStream's own or a trace header checked at intake.
            headers.Add(DeadLetterHeaders.TruncatedHeaders, Utf8(string.Join(',', dropped.Distinct(StringComparer.Ordinal))));
            headers.Add(DeadLetterHeaders.OriginalHeadersSize, Utf8(droppedBytes.ToString(CultureInfo.InvariantCulture)));
        }

        return new Message<byte[], byte[]> { Key = key!, Value = value[..Math.Min(value.Length, ExcerptBytes)], Headers = headers, Timestamp = message.Timestamp };
    }

    /// <summary>Only why and where from (reason, stage, the input's position, when) and the cut's sizes and digests; no key, no value.</summary>
    public static Message<byte[], byte[]> Minimal(Message<byte[], byte[]> message)
    {
        var headers = new Headers();
        foreach (var header in message.Headers ?? [])
        {
            if (MinimalHeaders.Contains(header.Key) && header.GetValueBytes() is { Length: <= ExcerptBytes } bytes)
            {
                headers.Add(header.Key, bytes);
            }
        }

        headers.Add(DeadLetterHeaders.Truncated, Utf8(MinimalMark));
        return new Message<byte[], byte[]> { Key = null!, Value = [], Headers = headers, Timestamp = message.Timestamp };
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
