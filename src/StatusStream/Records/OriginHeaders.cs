using System.Globalization;
using Confluent.Kafka;

namespace StatusStream.Records;

/// <summary>
/// The statusstream.original.* headers: where a status's input record was. Written on retry records
/// and dead letters alike, so a status keeps naming its input through every retry.
/// </summary>
internal static class OriginHeaders
{
    public const string Topic = "statusstream.original.topic";
    public const string Partition = "statusstream.original.partition";
    public const string Offset = "statusstream.original.offset";
    public const string Timestamp = "statusstream.original.timestamp";

    public static void Write(Headers headers, InputOrigin origin)
    {
        HeaderText.Add(headers, Topic, origin.Topic);
        HeaderText.Add(headers, Partition, origin.Partition.ToString(CultureInfo.InvariantCulture));
        HeaderText.Add(headers, Offset, origin.Offset.ToString(CultureInfo.InvariantCulture));
        HeaderText.Add(headers, Timestamp, origin.Timestamp.ToString("O", CultureInfo.InvariantCulture));
    }

    public static bool TryRead(Headers? headers, out InputOrigin origin)
    {
        origin = null!;
        if (!HeaderText.TryGet(headers, Topic, out var topic)
            || !HeaderText.TryGet(headers, Partition, out var partitionText)
            || !int.TryParse(partitionText, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !HeaderText.TryGet(headers, Offset, out var offsetText)
            || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !HeaderText.TryGet(headers, Timestamp, out var timestampText)
            || !DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        origin = new InputOrigin(topic, partition, offset, timestamp);
        return true;
    }
}
