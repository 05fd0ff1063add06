using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace StatusStream.Benchmarks;

/// <summary>The mean or fastest time, or the allocated bytes, of one invocation divided by its Recipients parameter: the cost per status.</summary>
internal sealed class PerStatusColumn(PerStatusMeasure measure) : IColumn
{
    public string Id => measure switch
    {
        PerStatusMeasure.AllocatedBytes => "BytesPerStatus",
        PerStatusMeasure.MinTime => "MinNsPerStatus",
        _ => "NsPerStatus",
    };

    public string ColumnName => measure switch
    {
        PerStatusMeasure.AllocatedBytes => "B/status",
        PerStatusMeasure.MinTime => "min ns/status",
        _ => "ns/status",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)measure;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => measure switch
    {
        PerStatusMeasure.AllocatedBytes => "Managed bytes allocated per status (Allocated / Recipients)",
        PerStatusMeasure.MinTime => "Fastest iteration's time per status (Min / Recipients): the steadiest figure on a shared machine",
        _ => "Mean time per status (Mean / Recipients)",
    };

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

        return measure switch
        {
            PerStatusMeasure.AllocatedBytes => report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } allocated
                ? (allocated / recipients).ToString("0", CultureInfo.InvariantCulture)
                : "-",
            PerStatusMeasure.MinTime => (report.ResultStatistics.Min / recipients).ToString("0.0", CultureInfo.InvariantCulture),
            _ => (report.ResultStatistics.Mean / recipients).ToString("0.0", CultureInfo.InvariantCulture),
        };
    }
}
