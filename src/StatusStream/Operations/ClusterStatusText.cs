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
        // Names padded to the longest, so the numbers stay in columns past partition 9.
        var names = status.Input.Select(p => $"{p.Topic}[{p.Partition}]").ToList();
        var width = names.Count == 0 ? 0 : names.Max(n => n.Length);
        for (var i = 0; i < names.Count; i++)
        {
            var p = status.Input[i];
            text.AppendLine(c, $"  {names[i].PadRight(width)}  {(p.Committed is { } o ? o.ToString(c) : "-"),10}  {p.End,10}  {p.Lag,8}");
        }

        text.AppendLine(c, $"retry backlog: {status.RetryDueNow} due now, {status.RetryDueSoon} due within {soon.TotalSeconds:0} s, {status.RetryDueLater} later "
            + $"({status.Retry.Sum(p => p.Lag)} uncommitted on {status.Retry.FirstOrDefault()?.Topic})");
        if (status.RetryDueBehindHeld > 0 || status.RetrySettled > 0)
        {
            // Not backlog: a retry consumer commits in offset order, so these wait behind a record still held.
            text.Append(c, $"  not counted above: {status.RetrySettled} settled, not yet committed (parked again or dead-lettered); ");
            text.AppendLine(c, $"{status.RetryDueBehindHeld} due but behind a record held until later (a running retry consumer has delivered them; committed once the held record is delivered or parked again)");
        }

        text.AppendLine(c, $"dead letters: {status.DeadLettersByReason.Values.Sum()}");
        foreach (var (reason, count) in status.DeadLettersByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"  {count,6}  {reason}");
        }

        return text.ToString();
    }
}
