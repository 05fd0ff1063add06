using System.CommandLine;
using StatusStream.DeadLetters;

namespace StatusStream.Cli;

/// <summary>The --reason, --target and --since flags shared by `dlq list` and `dlq replay`.</summary>
internal sealed class DeadLetterFilterOptions
{
    private readonly Option<string?> _reason = new("--reason") { Description = "Only this reason, e.g. retries-exhausted" };
    private readonly Option<string?> _target = new("--target") { Description = "Only this callback target, or a prefix ending in *" };
    private readonly Option<string?> _since = new("--since") { Description = "Only dead-lettered since an RFC 3339 time or a duration back (30m, 2h, 1d)" };

    public DeadLetterFilterOptions()
    {
        // A misspelt reason or a target in a form dead letters never show would match nothing, silently: refused instead.
        _reason.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var reason && !DeadLetterReasons.IsKnown(reason))
            {
                result.AddError($"--reason '{reason}' is not a dead-letter reason; one of: {string.Join(", ", DeadLetterReasons.Known.Order(StringComparer.Ordinal))}.");
            }
        });
        _target.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && DeadLetterTargetForm.Problem(result.Tokens[^1].Value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        // Checked while parsing, so a bad value is reported like every other flag error (exit 2, with the help hint).
        _since.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !DeadLetterFilter.TryParseSince(result.Tokens[^1].Value, TimeProvider.System.GetUtcNow(), out _, out var error))
            {
                result.AddError(error);
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_reason);
        command.Options.Add(_target);
        command.Options.Add(_since);
    }

    /// <summary>The filter the flags ask for (--since was checked while parsing).</summary>
    public DeadLetterFilter Read(ParseResult parse, DateTimeOffset now)
    {
        DateTimeOffset? since = null;
        if (parse.GetValue(_since) is { } text)
        {
            // Never a silent "no --since": a replay would widen to every dead letter.
            since = DeadLetterFilter.TryParseSince(text, now, out var parsed, out var error) ? parsed : throw new InvalidOperationException(error);
        }

        return new DeadLetterFilter(parse.GetValue(_reason), parse.GetValue(_target), since);
    }
}
