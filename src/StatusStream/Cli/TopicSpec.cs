using System.Globalization;
using StatusStream.Kafka;

namespace StatusStream.Cli;

/// <summary>A `broker --topic name[:partitions]` value: a legal topic name, and a partition count that is a whole number.</summary>
internal readonly record struct TopicSpec(string Name, int Partitions)
{
    /// <summary>Far beyond a demo's needs; a typo such as 40000 should not allocate that many partitions.</summary>
    public const int MaxPartitions = 1000;

    public static bool TryParse(string text, out TopicSpec spec, out string error)
    {
        spec = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        if (!TopicName.IsLegal(name))
        {
            error = $"--topic '{text}': '{name}' is not a legal Kafka topic name (1-249 of [a-zA-Z0-9._-]).";
            return false;
        }

        var partitions = EmbeddedClusterSetup.TopicPartitions;
        if (colon >= 0 && (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out partitions)
            || partitions is < 1 or > MaxPartitions))
        {
            error = $"--topic '{text}': the partition count after ':' must be a whole number from 1 to {MaxPartitions}.";
            return false;
        }

        spec = new TopicSpec(name, partitions);
        error = "";
        return true;
    }
}
