using System.Globalization;
using System.Text;

namespace StatusStream.Operations;

/// <summary>The operator's view of a <see cref="ClusterStatus"/> as plain text, one fact per line.</summary>
internal static class ClusterStatusText
{
    public static string Format(ClusterStatus status, DateTimeOffset at, TimeSpan soon)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"statusstream status at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (group {status.GroupId})");
        text.AppendLine(c, $"input: lag {status.Input.Sum(p => p.Lag)} in all (partition, committed, end, lag):");
        foreach (var p in status.Input)
        {
            text.AppendLine(c, $"  {p.Topic}[{p.Partition}]  {(p.Committed is { } o ? o.ToString(c) : "-"),10}  {p.End,10}  {p.Lag,8}");
        }

        text.AppendLine(c, $"retry backlog: {status.RetryDueNow} due now, {status.RetryDueSoon} due within {soon.TotalSeconds:0} s, {status.RetryDueLater} later "
            + $"({status.Retry.Sum(p => p.Lag)} uncommitted on {status.Retry.FirstOrDefault()?.Topic})");
        text.AppendLine(c, $"dead letters: {status.DeadLettersByReason.Values.Sum()}");
        foreach (var (reason, count) in status.DeadLettersByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"  {count,6}  {reason}");
        }

        return text.ToString();
    }
}
