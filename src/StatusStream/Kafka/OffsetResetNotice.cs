using System.Globalization;
using System.Text.RegularExpressions;

namespace StatusStream.Kafka;

/// <summary>
/// Reads librdkafka's warning that a consumer's position was reset after an error, e.g. "t [0]:
/// offset reset (at offset 1 (leader epoch 0), broker 1) to cached BEGINNING offset offset 72
/// (leader epoch -1): fetch failed due to requested offset not available on the broker: Broker:
/// Offset out of range". That is the only sign a consumer skipped records the broker's retention
/// dropped before they were read (auto.offset.reset moved it on); librdkafka raises no error event.
/// </summary>
internal static partial class OffsetResetNotice
{
    /// <summary>librdkafka's log facility for offset management.</summary>
    public const string Facility = "OFFSET";

    /// <summary>The partition, the position it had, and where it went (-1 when the text names no offset, e.g. "END").</summary>
    public static bool TryRead(string message, out string topic, out int partition, out long from, out long to)
    {
        var match = Reset().Match(message);
        topic = "";
        partition = -1;
        from = -1;
        to = -1;
        if (!match.Success)
        {
            return false;
        }

        topic = match.Groups["topic"].Value;
        partition = int.Parse(match.Groups["partition"].Value, CultureInfo.InvariantCulture);
        from = long.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture);
        var target = LastNumber().Match(match.Groups["to"].Value);
        to = target.Success ? long.Parse(target.Value, CultureInfo.InvariantCulture) : -1;
        return true;
    }

    [GeneratedRegex(@"(?<topic>[A-Za-z0-9._-]+) \[(?<partition>\d+)\]: offset reset \(at offset (?<from>-?\d+).*?\) to (?<to>.+?)(?: \(leader epoch -?\d+\))?: ",
        RegexOptions.CultureInvariant)]
    private static partial Regex Reset();

    [GeneratedRegex(@"\d+(?=\D*$)", RegexOptions.CultureInvariant)]
    private static partial Regex LastNumber();
}
