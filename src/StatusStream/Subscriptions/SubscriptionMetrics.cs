using System.Diagnostics.Metrics;
using StatusStream.Telemetry;

namespace StatusStream.Subscriptions;

/// <summary>The subscriptions feature's instruments, on the service's one meter (docs/observability.md).</summary>
internal sealed class SubscriptionMetrics
{
    public const string SkippedRecords = "statusstream.subscriptions.skipped_records";

    private readonly Counter<long> _skipped;

    public SubscriptionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(StatusStreamMetrics.MeterName));
        _skipped = meter.CreateCounter<long>(SkippedRecords, "{record}",
            "Records of the subscriptions topic that were skipped, by reason: key, unauthenticated, malformed, refused, failed");
    }

    public void Skipped(string reason) => _skipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
