using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace StatusStream.Benchmarks;

/// <summary>The mean time or the allocated bytes of one invocation divided by its Recipients parameter: the cost per status.</summary>
internal sealed class PerStatusColumn(bool bytes) : IColumn
{
    public string Id => bytes ? "BytesPerStatus" : "NsPerStatus";

    public string ColumnName => bytes ? "B/status" : "ns/status";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => bytes ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => bytes ? "Managed bytes allocated per status (Allocated / Recipients)" : "Mean time per status (Mean / Recipients)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var recipients = Convert.ToDouble(benchmarkCase.Parameters["Recipients"], CultureInfo.InvariantCulture);
        if (report?.ResultStatistics is null)
        {
            return "-";
        }

        return bytes
            ? (report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } allocated ? (allocated / recipients).ToString("0", CultureInfo.InvariantCulture) : "-")
            : (report.ResultStatistics.Mean / recipients).ToString("0.0", CultureInfo.InvariantCulture);
    }
}
