using Microsoft.Extensions.Options;

namespace StatusStream.Pipeline;

internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        const string Section = PipelineOptions.SectionName;
        if (options.MaxInFlightStatuses is < 1 or > 1_000_000)
        {
            failures.Add($"{Section}:MaxInFlightStatuses must be between 1 and 1000000 (was {options.MaxInFlightStatuses}).");
        }

        if (options.CommitIntervalSeconds is <= 0 or > 60)
        {
            failures.Add($"{Section}:CommitIntervalSeconds must be above 0 and at most 60 (was {options.CommitIntervalSeconds}).");
        }

        if (options.ShutdownTimeoutSeconds is < 1 or > 300)
        {
            failures.Add($"{Section}:ShutdownTimeoutSeconds must be between 1 and 300 (was {options.ShutdownTimeoutSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
