using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StatusStream.Intake;

/// <summary>
/// Says that an input record's trace header was dropped instead of carried forward: a count (the
/// statusstream.input.headers.dropped counter, tagged by header name and problem, both from fixed lists; handed in as
/// <paramref name="count"/> so that intake does not depend on telemetry) and a Debug line naming the record's position.
/// Never the value: it is whatever the record's producer put there.
/// </summary>
internal sealed partial class InputHeaderDrops(ILogger<InputHeaderDrops> logger, Action<string, string>? count = null)
{
    /// <summary>Not of its grammar, or over its limits.</summary>
    public const string Invalid = "invalid";

    /// <summary>More than one header of that name.</summary>
    public const string Repeated = "repeated";

    /// <summary>A tracestate whose traceparent is missing or was dropped.</summary>
    public const string WithoutTraceParent = "without-traceparent";

    public void Dropped<TKey, TValue>(string header, string problem, ConsumeResult<TKey, TValue> record)
    {
        count?.Invoke(header, problem);
        DroppedLog(logger, header, problem, record.Topic, record.Partition.Value, record.Offset.Value);
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug,
        Message = "Input {Topic}[{Partition}]@{Offset}: header {Header} dropped ({Problem}); it is not carried forward")]
    private static partial void DroppedLog(ILogger logger, string header, string problem, string topic, int partition, long offset);
}
