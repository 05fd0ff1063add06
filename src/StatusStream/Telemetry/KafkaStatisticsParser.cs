using System.Globalization;
using System.Text.Json;

namespace StatusStream.Telemetry;

/// <summary>
/// Reads the consumer lag of the partitions a client owns out of librdkafka's statistics JSON
/// (statistics.interval.ms): topics.{topic}.partitions.{id}.consumer_lag, for partitions the
/// application was assigned ("desired") and whose lag is known (not -1). The internal partition -1
/// is skipped.
/// </summary>
internal static class KafkaStatisticsParser
{
    public static IReadOnlyList<PartitionLag> ConsumerLag(string json)
    {
        var result = new List<PartitionLag>();
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var topic in topics.EnumerateObject())
        {
            if (!topic.Value.TryGetProperty("partitions", out var partitions) || partitions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var partition in partitions.EnumerateObject())
            {
                if (!int.TryParse(partition.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    || !partition.Value.TryGetProperty("desired", out var desired) || desired.ValueKind != JsonValueKind.True
                    || Lag(partition.Value) is not { } lag)
                {
                    continue;
                }

                result.Add(new PartitionLag(topic.Name, id, lag));
            }
        }

        return result;
    }

    /// <summary>
    /// consumer_lag, else (librdkafka knows no position before the first record of a partition) the
    /// distance from the committed offset to the end, else 0 for a partition that holds nothing.
    /// </summary>
    private static long? Lag(JsonElement partition)
    {
        var lag = Number(partition, "consumer_lag");
        var high = Number(partition, "hi_offset");
        var committed = Number(partition, "committed_offset");
        return lag >= 0 ? lag
            : committed >= 0 && high >= committed ? high - committed
            : high >= 0 && high == Number(partition, "lo_offset") ? 0
            : null;
    }

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : -1;
}
