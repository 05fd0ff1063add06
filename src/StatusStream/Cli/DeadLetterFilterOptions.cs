using System.CommandLine;
using StatusStream.DeadLetters;

namespace StatusStream.Cli;

/// <summary>The --reason, --target and --since flags shared by `dlq list` and `dlq replay`.</summary>
internal sealed class DeadLetterFilterOptions
{
    private readonly Option<string?> _reason = new("--reason") { Description = "Only this reason, e.g. retries-exhausted" };
    private readonly Option<string?> _target = new("--target") { Description = "Only this callback target, or a prefix ending in *" };
    private readonly Option<string?> _since = new("--since") { Description = "Only dead-lettered since an RFC 3339 time or a duration back (30m, 2h, 1d)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_reason);
        command.Options.Add(_target);
        command.Options.Add(_since);
    }

    public bool TryRead(ParseResult parse, DateTimeOffset now, out DeadLetterFilter filter, out string error)
    {
        DateTimeOffset? since = null;
        error = "";
        if (parse.GetValue(_since) is { } text)
        {
            if (!DeadLetterFilter.TryParseSince(text, now, out var parsed, out error))
            {
                filter = null!;
                return false;
            }

            since = parsed;
        }

        filter = new DeadLetterFilter(parse.GetValue(_reason), parse.GetValue(_target), since);
        return true;
    }
}
