using System.Globalization;

namespace StatusStream.Tests.Soak;

/// <summary>
/// The verdict of a soak: every expected (event_id, recipient) must be delivered where planned, or dead-lettered for the
/// planned reason. Missing and misplaced ones are listed; duplicates (at-least-once after a kill) are only counted.
/// </summary>
public sealed record SoakReport(
    int Events,
    int Expected,
    int DeliveredKafka,
    int DeliveredWebhook,
    int DeadLettered,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Misplaced,
    int Duplicates,
    int WebhookFailuresAnswered,
    int RetryRecords,
    long PeakProcessorRssBytes,
    IReadOnlyList<string> Faults,
    TimeSpan Took)
{
    public bool Passed => Missing.Count == 0 && Misplaced.Count == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"""
        soak: {Events} events, {Expected} statuses expected, took {Took.TotalSeconds:0} s
          faults: {string.Join("; ", Faults)}
          delivered on Kafka {DeliveredKafka}, by webhook {DeliveredWebhook}, dead-lettered as planned {DeadLettered}
          missing {Missing.Count}, misplaced {Misplaced.Count}, duplicates {Duplicates} (at-least-once; receivers deduplicate on status-id)
          webhook requests answered 5xx {WebhookFailuresAnswered}, records parked on the retry topic {RetryRecords}
          peak RSS of a processor process {PeakProcessorRssBytes / 1048576.0:0} MiB
          {(Passed ? "PASSED" : "FAILED: " + string.Join(", ", Missing.Concat(Misplaced).Take(10)))}
        """);
}
