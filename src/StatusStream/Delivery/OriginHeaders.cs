using System.Globalization;
using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Kafka;

namespace StatusStream.Delivery;

/// <summary>
/// The statusstream.original.* headers: where a status's input record was. Written on retry records
/// and dead letters alike, so a status keeps naming its input through every retry.
/// </summary>
internal static class OriginHeaders
{
    public static void Write(Headers headers, InputOrigin origin)
    {
        HeaderText.Add(headers, DeadLetterHeaders.OriginalTopic, origin.Topic);
        HeaderText.Add(headers, DeadLetterHeaders.OriginalPartition, origin.Partition.ToString(CultureInfo.InvariantCulture));
        HeaderText.Add(headers, DeadLetterHeaders.OriginalOffset, origin.Offset.ToString(CultureInfo.InvariantCulture));
        HeaderText.Add(headers, DeadLetterHeaders.OriginalTimestamp, origin.Timestamp.ToString("O", CultureInfo.InvariantCulture));
    }

    public static bool TryRead(Headers? headers, out InputOrigin origin)
    {
        origin = null!;
        if (!HeaderText.TryGet(headers, DeadLetterHeaders.OriginalTopic, out var topic)
            || !HeaderText.TryGet(headers, DeadLetterHeaders.OriginalPartition, out var partitionText)
            || !int.TryParse(partitionText, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !HeaderText.TryGet(headers, DeadLetterHeaders.OriginalOffset, out var offsetText)
            || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !HeaderText.TryGet(headers, DeadLetterHeaders.OriginalTimestamp, out var timestampText)
            || !DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        origin = new InputOrigin(topic, partition, offset, timestamp);
        return true;
    }
}
